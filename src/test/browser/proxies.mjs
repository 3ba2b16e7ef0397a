// Stand-ins for the network between a browser and Herald, for the browser tests.
import net from 'node:net';
import http from 'node:http';

function relayBase(target, port) {
  const url = new URL(target);
  url.host = '127.0.0.1:' + port;
  return url.href;
}

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/**
 * A TCP relay to Herald whose connections the test can cut: the browser sees its peer close the
 * connection, exactly as when a server, a load balancer or the network ends a stream.
 */
export async function cuttableRelay(target) {
  const { hostname, port } = new URL(target);
  const pairs = new Set();
  const server = net.createServer((client) => {
    const upstream = net.connect(Number(port), hostname);
    const pair = { client, upstream };
    pairs.add(pair);
    const end = () => {
      client.destroy();
      upstream.destroy();
      pairs.delete(pair);
    };
    client.on('error', end).on('close', end);
    upstream.on('error', end).on('close', end);
    client.pipe(upstream);
    upstream.pipe(client);
  });
  const relayPort = await listen(server);
  /** Cuts every open connection; returns how many were cut. */
  const cut = () => {
    const count = pairs.size;
    for (const { client, upstream } of [...pairs]) {
      client.destroy();
      upstream.destroy();
    }
    return count;
  };
  return {
    base: relayBase(target, relayPort),
    cut,
    close: () => new Promise((resolve) => {
      cut();
      server.close(resolve);
    })
  };
}

/**
 * An HTTP proxy that buffers each response whole before passing it on, as some corporate proxies
 * and virus scanners do: an event stream, which never ends, never reaches the browser at all.
 */
export async function bufferingProxy(target) {
  const upstreamBase = new URL(target);
  const server = http.createServer((request, response) => {
    const forwarded = http.request({
      host: upstreamBase.hostname,
      port: upstreamBase.port,
      method: request.method,
      path: request.url,
      headers: request.headers
    }, (answer) => {
      const chunks = [];
      answer.on('data', (chunk) => chunks.push(chunk));
      answer.on('end', () => {
        const headers = { ...answer.headers };
        delete headers['transfer-encoding'];
        const body = Buffer.concat(chunks);
        headers['content-length'] = String(body.length);
        response.writeHead(answer.statusCode, headers);
        response.end(body);
      });
      answer.on('error', () => response.destroy());
    });
    forwarded.on('error', () => response.destroy());
    // A browser that gives up on a stream must not leave the proxy's upstream request open.
    response.on('close', () => forwarded.destroy());
    request.pipe(forwarded);
  });
  const port = await listen(server);
  return {
    base: relayBase(target, port),
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(resolve); })
  };
}
