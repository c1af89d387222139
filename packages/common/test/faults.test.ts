import { describe, expect, it } from 'vitest';
import { DruidError, FAULTS, FAULTS_NOT_RAISED, FaultError, fault, invalidInput, notFound, toFault } from '../src/index.ts';

describe('faults registry', () => {
  it('builds faults with their extra fields and a message', () => {
    const f = fault('TooManyWarnings', { maxWarnings: 2, rootErrorCode: 'CannotParseExternalData' });
    expect(f).toMatchObject({ errorCode: 'TooManyWarnings', maxWarnings: 2, rootErrorCode: 'CannotParseExternalData' });
    expect(f.errorMessage).toBe('Too many warnings of type CannotParseExternalData generated (max = 2)');
  });
  it('holds every code of the seed error table, raised or with the reason it cannot be', () => {
    for (const code of ['BroadcastTablesTooLarge', 'Canceled', 'CannotParseExternalData', 'ColumnTypeNotSupported', 'InsertCannotAllocateSegment', 'InsertCannotBeEmpty', 'InsertCannotOrderByDescending', 'InsertCannotReplaceExistingSegment', 'InsertLockPreempted', 'InsertTimeNull', 'InsertTimeOutOfBounds', 'QueryNotSupported', 'RowTooLarge', 'TaskStartTimeout', 'TooManyBuckets', 'TooManyInputFiles', 'TooManyPartitions', 'TooManyColumns', 'TooManyWarnings', 'TooManyWorkers', 'NotEnoughMemory', 'WorkerFailed', 'WorkerRpcFailed', 'UnknownError', 'DurableStorageConfiguration']) {
      expect(code in FAULTS || code in FAULTS_NOT_RAISED, code).toBe(true);
    }
    expect(Object.keys(FAULTS).filter((code) => code in FAULTS_NOT_RAISED)).toEqual([]);
  });
  it('turns anything thrown into a fault', () => {
    expect(toFault(new FaultError(fault('Canceled'))).errorCode).toBe('Canceled');
    expect(toFault(new Error('boom'))).toMatchObject({ errorCode: 'UnknownError', errorMessage: 'boom' });
  });
});

describe('Druid HTTP errors', () => {
  it('answer 400 with line and column for invalid input', () => {
    const e = invalidInput('Received an unexpected token', { line: 2, column: 15 });
    expect(e).toBeInstanceOf(DruidError);
    expect(e.status).toBe(400);
    expect(e.toJSON()).toMatchObject({ error: 'druidException', errorCode: 'invalidInput', category: 'INVALID_INPUT', context: { line: '2', column: '15' } });
  });
  it('answer 404 for unknown things', () => {
    expect(notFound('Unable to find task with id [x]').status).toBe(404);
  });
});
