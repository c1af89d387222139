import { DruidError } from '@silt/common';
import { describe, expect, it } from 'vitest';
import { resolveQueryContext } from '../src/index.ts';
import { plan, planError } from './fixtures.ts';

describe('query context', () => {
  it('overlays SET statements on the request context', () => {
    const planned = plan("SET maxNumTasks = 4; SET mode = 'nonStrict'; SET finalizeAggregations = FALSE;\nSELECT page FROM wikipedia", {
      context: { maxNumTasks: 2, sqlQueryId: 'q1' },
    });
    expect(planned.context).toEqual({ maxNumTasks: 4, mode: 'nonStrict', finalizeAggregations: false, sqlQueryId: 'q1' });
    expect(planned.sql).toContain('SELECT page FROM wikipedia');
  });

  it('resolves defaults', () => {
    expect(resolveQueryContext({})).toEqual({
      maxNumTasks: 2,
      rowsPerSegment: 3_000_000,
      rowsInMemory: 100_000,
      maxParseExceptions: 0,
      mode: 'strict',
      finalizeAggregations: true,
      failOnEmptyInsert: false,
      taskAssignment: 'max',
    });
  });

  it('reads values, the msqMaxNumTasks alias, numeric and boolean strings, and nonStrict mode', () => {
    const resolved = resolveQueryContext({
      msqMaxNumTasks: '5',
      rowsPerSegment: 1000,
      rowsInMemory: 10,
      mode: 'nonStrict',
      failOnEmptyInsert: 'true',
      taskAssignment: 'auto',
    });
    expect(resolved).toMatchObject({ maxNumTasks: 5, rowsPerSegment: 1000, rowsInMemory: 10, maxParseExceptions: -1, failOnEmptyInsert: true, taskAssignment: 'auto' });
    expect(resolveQueryContext({ mode: 'nonStrict', maxParseExceptions: 3 }).maxParseExceptions).toBe(3);
    expect(resolveQueryContext({ maxParseExceptions: -1 }).maxParseExceptions).toBe(-1);
  });

  it('refuses bad values', () => {
    const error = (context: Record<string, unknown>): string => {
      try {
        resolveQueryContext(context);
      } catch (e) {
        expect(e).toBeInstanceOf(DruidError);
        expect((e as DruidError).status).toBe(400);
        return (e as DruidError).message;
      }
      throw new Error('expected an error');
    };
    expect(error({ maxNumTasks: 1 })).toBe('MSQ context maxNumTasks [1] cannot be less than 2, since at least 1 controller and 1 worker is necessary');
    expect(error({ maxNumTasks: 2.5 })).toBe('Expected key [maxNumTasks] to be in integer format, but got [2.5]');
    expect(error({ rowsPerSegment: 'many' })).toBe('Expected key [rowsPerSegment] to be in integer format, but got [many]');
    expect(error({ rowsInMemory: 0 })).toMatch(/rowsInMemory/);
    expect(error({ maxParseExceptions: -2 })).toMatch(/maxParseExceptions/);
    expect(error({ mode: 'lenient' })).toMatch(/\[mode\]/);
    expect(error({ finalizeAggregations: 'yes' })).toBe('Expected key [finalizeAggregations] to be in boolean format, but got [yes]');
    expect(error({ taskAssignment: 'min' })).toMatch(/\[taskAssignment\]/);
  });

  it('validates the context of a statement, SET values included', () => {
    expect(planError('SET maxNumTasks = 1; SELECT page FROM wikipedia').message).toMatch(/^MSQ context maxNumTasks \[1\] cannot be less than 2/);
    expect(planError('SELECT page FROM wikipedia', { context: { failOnEmptyInsert: 3 } }).message).toMatch(/failOnEmptyInsert/);
  });
});
