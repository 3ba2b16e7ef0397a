/** Subscribing over HTTP: SSE streams and long-polls of user and topic channels. */
package dev.herald.subscriptions.boundary;
