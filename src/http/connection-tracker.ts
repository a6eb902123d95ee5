import type { Server } from 'node:http';
import type { Socket } from 'node:net';

/** The open connections of a listening server, and how many requests each is serving. */
export interface ConnectionTracker {
  /** Requests received whose response has not finished yet. */
  requestsInFlight(): number;
  /**
   * Destroys every connection that is not serving a request now, including keep-alive sockets a
   * browser opened ahead of time and never used (Node's `closeIdleConnections` leaves those open
   * until its header timeout, a minute later), and from now on closes each connection as soon as its
   * last request has finished.
   */
  closeIdle(): void;
  /** Destroys every connection, requests in flight included. */
  closeAll(): void;
}

/** Follows the connections of `server` from now on. */
export function trackConnections(server: Server): ConnectionTracker {
  const requestsBySocket = new Map<Socket, number>();
  let closing = false;
  server.on('connection', (socket: Socket) => {
    requestsBySocket.set(socket, 0);
    socket.once('close', () => requestsBySocket.delete(socket));
  });
  server.on('request', (request, response) => {
    const socket = request.socket;
    requestsBySocket.set(socket, (requestsBySocket.get(socket) ?? 0) + 1);
    response.once('close', () => {
      const left = (requestsBySocket.get(socket) ?? 1) - 1;
      requestsBySocket.set(socket, left);
      if (closing && left === 0) socket.destroySoon();
    });
  });
  return {
    requestsInFlight: () => [...requestsBySocket.values()].reduce((sum, n) => sum + n, 0),
    closeIdle() {
      closing = true;
      for (const [socket, requests] of requestsBySocket) if (requests === 0) socket.destroy();
    },
    closeAll() {
      closing = true;
      for (const socket of requestsBySocket.keys()) socket.destroy();
    },
  };
}
