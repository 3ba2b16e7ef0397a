/*
 * herald.js — Herald's browser client, no build step. A classic script (window.Herald) that also
 * loads as an ES module through herald.mjs.
 *
 *   const herald = Herald.connect({ base: '/herald/', token, channel: 'user:alice', types: ['order-shipped'] });
 *   herald.addEventListener('notification', (e) => console.log(e.detail));   // the envelope
 *   herald.addEventListener('statechange', () => console.log(herald.transport, herald.state));
 *
 * It prefers EventSource (the token goes as access_token; EventSource only reports the event
 * types it listens for, so name yours in `types`; 'update' always), resumes by id, and falls back
 * to long-polling when EventSource is missing or keeps failing (a proxy that buffers the stream
 * never lets the `connected` event through), then to short polling that honours nextPollMs. From
 * polling it tries streaming again every minute. Events are deduplicated by id across switches.
 *
 * A stream ends at its token's exp with a `token-expired` event (a parked poll is answered before
 * exp, and the next one is refused): the client dispatches `tokenexpired`; when `token` is a
 * function (returning a token or a promise of one) it asks it for a fresh token and resumes from
 * the last id, otherwise it dispatches `error` ({status: 401, reason: 'token-expired'}) and stops.
 */
(function (root) {
  'use strict';

  const SSE_FAILURES_BEFORE_POLLING = 3;
  const CONNECTED_TIMEOUT_MS = 10000;
  const LONG_POLL_WAIT_SECONDS = 25;
  const LONG_POLL_FAILURES_BEFORE_SHORT_POLLING = 3;
  const RETRY_STREAMING_EVERY_MS = 60000;
  const MAX_BACKOFF_MS = 30000;
  const SEEN_IDS_KEPT = 2000;

  class Connection extends EventTarget {
    constructor(options) {
      super();
      const [kind, name] = String(options.channel).split(/:(.*)/s);
      if (!name || (kind !== 'user' && kind !== 'topic')) {
        throw new Error("channel must be 'user:<id>' or 'topic:<name>'");
      }
      this.base = new URL(options.base || './', document.baseURI).href.replace(/\/?$/, '/');
      this.path = (kind === 'user' ? 'users/' : 'topics/') + encodeURIComponent(name);
      this.tokenSource = typeof options.token === 'function' ? options.token : null;
      this.token = this.tokenSource ? null : options.token;
      this.types = Array.from(new Set(['update'].concat(options.types || [])));
      this.preferred = options.transport || 'auto';
      this.lastEventId = options.lastEventId || null;
      this.transport = null;
      this.state = 'connecting';
      this.reconnects = 0;
      this.seen = new Set();
      this.seenOrder = [];
      this.closed = false;
      this.timers = new Set();
      this.start();
    }

    start() {
      if (this.tokenSource && !this.token) {
        return this.renewToken().then((renewed) => renewed && this.start());
      }
      if (this.preferred !== 'poll' && typeof root.EventSource === 'function') {
        this.stream();
      } else {
        this.longPoll();
      }
    }

    // ---- streaming -------------------------------------------------------------------------
    stream() {
      this.stopTransport();
      let opened = false;
      let failures = 0;
      const url = this.url('/events', this.lastEventId ? { lastEventId: this.lastEventId } : {});
      const source = new root.EventSource(url, { withCredentials: false });
      this.source = source;
      this.setState('sse', 'connecting');
      const noConnected = this.later(() => this.streamFailed(source, 'no connected event'), CONNECTED_TIMEOUT_MS);
      source.addEventListener('connected', () => {
        opened = true;
        failures = 0;
        this.timers.delete(noConnected);
        clearTimeout(noConnected);
        this.setState('sse', 'open');
      });
      const onEnvelope = (event) => this.deliver(JSON.parse(event.data));
      this.types.forEach((type) => source.addEventListener(type, onEnvelope));
      source.addEventListener('message', onEnvelope);
      source.addEventListener('reset', (event) => this.emit('reset', JSON.parse(event.data).reason));
      source.addEventListener('kicked', () => this.close());
      source.addEventListener('token-expired', (event) => {
        if (this.source === source) {
          this.tokenExpired(JSON.parse(event.data));
        }
      });
      source.onerror = () => {
        if (this.source !== source || this.closed) {
          return;
        }
        if (opened && source.readyState === root.EventSource.CONNECTING) {
          this.reconnects++;
          this.setState('sse', 'reconnecting');
          return;
        }
        failures++;
        if (source.readyState === root.EventSource.CLOSED || failures >= SSE_FAILURES_BEFORE_POLLING) {
          this.streamFailed(source, 'stream failed');
        }
      };
    }

    async streamFailed(source, reason) {
      if (this.source !== source || this.closed) {
        return;
      }
      source.close();
      this.source = null;
      // EventSource hides the status: ask once, so that a refused token stops instead of falling back.
      const probe = await this.fetchUpdates(0).catch(() => null);
      if (probe && (probe.status === 401 || probe.status === 403)) {
        return this.refused(probe);
      }
      this.reconnects++;
      this.longPoll(reason);
    }

    // ---- polling ---------------------------------------------------------------------------
    async longPoll() {
      this.stopTransport();
      const generation = (this.pollGeneration = (this.pollGeneration || 0) + 1);
      let failures = 0;
      let renewed = false;
      let shortPolling = false;
      let backoff = 1000;
      let lastStreamingTry = Date.now();
      this.setState('long-poll', 'connecting');
      while (!this.closed && generation === this.pollGeneration) {
        if (typeof root.EventSource === 'function' && this.preferred === 'auto'
            && Date.now() - lastStreamingTry > RETRY_STREAMING_EVERY_MS) {
          lastStreamingTry = Date.now();
          return this.stream();
        }
        let response;
        try {
          // Without a position yet, ask at once for the cursor: 'open' then means nothing after it is missed.
          response = await this.fetchUpdates(shortPolling || !this.lastEventId ? 0 : LONG_POLL_WAIT_SECONDS);
        } catch (networkError) {
          response = null;
        }
        if (this.closed || generation !== this.pollGeneration) {
          return;
        }
        // A 200 that is not a whole JSON answer (a captive portal, a cut body) is a failed poll, not the end of polling.
        const answer = response && response.ok ? await response.json().catch(() => null) : null;
        if (this.closed || generation !== this.pollGeneration) {
          return;
        }
        if (answer) {
          failures = 0;
          renewed = false;
          backoff = 1000;
          if (answer.truncated) {
            this.emit('reset', 'history-truncated');
          }
          answer.updates.forEach((envelope) => this.deliver(envelope));
          this.lastEventId = answer.cursor;
          this.setState(shortPolling ? 'short-poll' : 'long-poll', 'open');
          if (shortPolling) {
            await this.sleep(answer.nextPollMs || 1000);
          }
          continue;
        }
        if (response && response.status === 401 && this.tokenSource && !renewed) {
          // The token expired while parked (a poll is answered before exp): once, poll again with a fresh one.
          renewed = true;
          if (await this.renewToken()) {
            continue;
          }
          return;
        }
        if (response && (response.status === 401 || response.status === 403)) {
          return this.refused(response);
        }
        failures++;
        this.reconnects++;
        if (!shortPolling && failures >= LONG_POLL_FAILURES_BEFORE_SHORT_POLLING) {
          shortPolling = true;
        }
        this.setState(shortPolling ? 'short-poll' : 'long-poll', 'reconnecting');
        const retryAfter = response && Number(response.headers.get('Retry-After'));
        await this.sleep(retryAfter > 0 ? retryAfter * 1000 : backoff);
        backoff = Math.min(MAX_BACKOFF_MS, backoff * 2);
      }
    }

    fetchUpdates(waitSeconds) {
      const params = { wait: String(waitSeconds) };
      if (this.lastEventId) {
        params.since = this.lastEventId;
      }
      return fetch(this.url('/updates', params, false), {
        headers: { Authorization: 'Bearer ' + this.token },
        cache: 'no-store'
      });
    }

    // ---- shared ----------------------------------------------------------------------------
    deliver(envelope) {
      if (!envelope || this.seen.has(envelope.id)) {
        return;
      }
      this.seen.add(envelope.id);
      this.seenOrder.push(envelope.id);
      if (this.seenOrder.length > SEEN_IDS_KEPT) {
        this.seen.delete(this.seenOrder.shift());
      }
      this.lastEventId = envelope.id;
      this.emit('notification', envelope);
    }

    /** The stream ended at the token's exp: renew it and resume from the last id, or stop. */
    async tokenExpired(detail) {
      this.stopTransport();
      this.emit('tokenexpired', detail);
      if (this.tokenSource) {
        if (await this.renewToken()) {
          this.reconnects++;
          this.setState(this.transport, 'reconnecting');
          this.stream();
        }
        return;
      }
      this.emit('error', { status: 401, reason: 'token-expired', channel: detail && detail.channel });
      this.close();
    }

    /**
     * Asks the app's token function for a fresh token; false (after an error event) if it gives none,
     * and false, quietly, if the connection was closed while the app was getting it: nothing reopens it.
     */
    async renewToken() {
      let token = null;
      try {
        token = await this.tokenSource();
      } catch (failure) {
        // reported below
      }
      if (this.closed) {
        return false;
      }
      if (typeof token === 'string' && token) {
        this.token = token;
        return true;
      }
      this.emit('error', { status: 401, reason: 'no token' });
      this.close();
      return false;
    }

    async refused(response) {
      let problem = null;
      try {
        problem = await response.json();
      } catch (notJson) {
        problem = { status: response.status };
      }
      this.emit('error', problem);
      this.close();
    }

    url(suffix, params, withToken = true) {
      const url = new URL('api/' + this.path + suffix, this.base);
      if (withToken && this.token) {
        url.searchParams.set('access_token', this.token);
      }
      Object.entries(params).forEach(([key, value]) => url.searchParams.set(key, value));
      return url.href;
    }

    setState(transport, state) {
      if (this.transport === transport && this.state === state) {
        return;
      }
      this.transport = transport;
      this.state = state;
      this.emit('statechange', { transport, state });
    }

    emit(type, detail) {
      this.dispatchEvent(new CustomEvent(type, { detail }));
    }

    later(task, ms) {
      const timer = setTimeout(() => {
        this.timers.delete(timer);
        task();
      }, ms);
      this.timers.add(timer);
      return timer;
    }

    sleep(ms) {
      return new Promise((resolve) => this.later(resolve, ms));
    }

    stopTransport() {
      this.pollGeneration = (this.pollGeneration || 0) + 1;
      if (this.source) {
        this.source.close();
        this.source = null;
      }
      this.timers.forEach(clearTimeout);
      this.timers.clear();
    }

    /** As if the network dropped: the current transport ends and the client resumes from its last id. */
    dropConnection(pauseMs = 0) {
      this.stopTransport();
      this.reconnects++;
      this.setState(this.transport, 'reconnecting');
      this.later(() => this.start(), pauseMs);
    }

    close() {
      this.closed = true;
      this.stopTransport();
      this.setState(this.transport, 'closed');
    }
  }

  root.Herald = Object.freeze({
    connect: (options) => new Connection(options),
    version: '1'
  });
}(typeof globalThis !== 'undefined' ? globalThis : self));
