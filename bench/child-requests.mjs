/**
 * The child's side of child-ipc.ts, shared by the bench's child processes (plain JavaScript, as they
 * are): answers each IPC request with `handle`'s payload or its error, exits after replying to
 * `close`, and says it is ready.
 *
 * @param {(message: { id: number, op: string, [field: string]: unknown }) => Promise<object>} handle
 */
export function serveRequests(handle) {
  process.on('message', (message) => {
    handle(message).then(
      (payload) => {
        process.send({ id: message.id, ok: true, ...payload }, () => {
          if (message.op === 'close') process.exit(0);
        });
      },
      (error) => process.send({ id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) }),
    );
  });
  process.send({ ready: true });
}
