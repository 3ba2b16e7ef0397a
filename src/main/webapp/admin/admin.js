// Herald's operations console: live figures over Herald's own SSE, a five-minute chart, kick and send.
(function () {
  'use strict';
  const api = new URL('../api/', document.baseURI);
  const history = [];          // {t, connections, outPerSecond}, one a second, five minutes
  const HISTORY_SECONDS = 300;
  let feed = null;
  let previous = null;

  const $ = (id) => document.getElementById(id);
  const token = () => sessionStorage.getItem('herald.admin.token') || '';

  function setState(text, kind) {
    const state = $('feed-state');
    state.textContent = text;
    state.className = 'state ' + (kind || '');
  }

  function signIn(value) {
    sessionStorage.setItem('herald.admin.token', value);
    if (feed) { feed.close(); }
    setState('connecting…');
    const url = new URL('admin/stats/stream', api);
    url.searchParams.set('access_token', value);
    feed = new EventSource(url);
    feed.addEventListener('stats', (event) => { setState('live', 'live'); show(JSON.parse(event.data)); });
    feed.onerror = () => {
      if (feed.readyState === EventSource.CLOSED) {
        setState('refused: check the token (admin role, not expired)', 'error');
      } else {
        setState('reconnecting…', 'error');
      }
    };
  }

  function show(report) {
    const cluster = report.cluster;
    const now = Date.now();
    const outPerSecond = previous ? Math.max(0, (cluster.events.delivered - previous.delivered) * 1000 / (now - previous.t)) : 0;
    const inPerSecond = previous ? Math.max(0, (cluster.events.published - previous.published) * 1000 / (now - previous.t)) : 0;
    previous = { t: now, delivered: cluster.events.delivered, published: cluster.events.published };
    $('cluster-nodes').textContent = cluster.size;
    $('cluster-sse').textContent = cluster.connections.sse;
    $('cluster-poll').textContent = cluster.connections.poll;
    $('cluster-in').textContent = inPerSecond.toFixed(1);
    $('cluster-out').textContent = outPerSecond.toFixed(1);
    $('cluster-dropped').textContent = cluster.events.dropped;
    const rows = cluster.nodes.map((node) => {
      const tr = document.createElement('tr');
      const cells = [node.node, node.connections.sse, node.connections.poll, node.channels, node.events.published,
        node.events.delivered, node.events.dropped, node.bus.type + ' ' + node.bus.status, duration(node.uptimeMs)];
      cells.forEach((value, index) => {
        const td = document.createElement('td');
        td.textContent = value;
        if (index === 7 && node.bus.status !== 'UP') { td.className = 'down'; }
        tr.appendChild(td);
      });
      return tr;
    });
    $('nodes').replaceChildren(...rows);
    history.push({ t: now, connections: cluster.connections.sse + cluster.connections.poll, out: outPerSecond });
    while (history.length > HISTORY_SECONDS) { history.shift(); }
    draw();
  }

  function duration(ms) {
    const s = Math.floor(ms / 1000);
    return Math.floor(s / 3600) + 'h ' + Math.floor((s % 3600) / 60) + 'm ' + (s % 60) + 's';
  }

  function draw() {
    const canvas = $('chart');
    const g = canvas.getContext('2d');
    g.clearRect(0, 0, canvas.width, canvas.height);
    const line = (key, color) => {
      const max = Math.max(1, ...history.map((p) => p[key]));
      g.strokeStyle = color;
      g.lineWidth = 2;
      g.beginPath();
      history.forEach((p, i) => {
        const x = canvas.width - (history.length - 1 - i) * canvas.width / HISTORY_SECONDS;
        const y = canvas.height - 10 - (p[key] / max) * (canvas.height - 20);
        if (i === 0) { g.moveTo(x, y); } else { g.lineTo(x, y); }
      });
      g.stroke();
      g.fillStyle = color;
      g.fillText('max ' + max.toFixed(key === 'out' ? 1 : 0), key === 'out' ? 80 : 6, 12);
    };
    line('connections', '#2a6fdb');
    line('out', '#d9822b');
  }

  async function call(path, body) {
    const response = await fetch(new URL(path, api), {
      method: 'POST',
      headers: { 'Authorization': 'Bearer ' + token(), 'Content-Type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body)
    });
    const text = await response.text();
    return response.status + ' ' + text;
  }

  $('signin').addEventListener('submit', (event) => { event.preventDefault(); signIn($('token').value.trim()); });
  $('kick').addEventListener('submit', async (event) => {
    event.preventDefault();
    $('kick-result').textContent = await call('admin/users/' + encodeURIComponent($('kick-user').value) + '/kick');
  });
  $('send').addEventListener('submit', async (event) => {
    event.preventDefault();
    let data;
    try { data = JSON.parse($('send-data').value); } catch (e) { $('send-result').textContent = 'Data is not valid JSON'; return; }
    const path = $('send-kind').value + '/' + encodeURIComponent($('send-name').value) + '/notifications';
    $('send-result').textContent = await call(path, { type: $('send-type').value || 'update', data: data });
  });

  if (token()) { $('token').value = token(); signIn(token()); }
}());
