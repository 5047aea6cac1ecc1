/**
 * Free TCP ports on the loopback interface, for servers that only this machine may reach. The kernel
 * picks the port (listen on 0), the socket is closed, and the port is handed to the server. Another
 * program could take it in between; the server then fails to bind, exits, and the supervisor starts it
 * again on a port picked afresh, so the race costs a restart, never a wrong server.
 */
import { createServer } from 'node:net';

export const LOOPBACK_HOST = '127.0.0.1';

function listenOnce(port: number, host: string): Promise<number | null> {
  return new Promise((resolve) => {
    const server = createServer();
    server.unref();
    server.once('error', () => resolve(null));
    server.listen({ port, host, exclusive: true }, () => {
      const address = server.address();
      const bound = typeof address === 'object' && address !== null ? address.port : null;
      server.close(() => resolve(bound));
    });
  });
}

/** A port on 127.0.0.1 that nothing listens on now. */
export async function findFreeLoopbackPort(host: string = LOOPBACK_HOST): Promise<number> {
  const port = await listenOnce(0, host);
  if (port === null) throw new Error(`no free TCP port could be found on ${host}`);
  return port;
}

/** Whether `port` on 127.0.0.1 can be listened on now (a restarted server keeps its address when it can). */
export async function isLoopbackPortFree(port: number, host: string = LOOPBACK_HOST): Promise<boolean> {
  return (await listenOnce(port, host)) === port;
}
