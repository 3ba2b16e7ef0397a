/** Local subscribers of each channel, gap-free resume, delivery in order, heartbeats and limits. */
package dev.herald.subscriptions.control;
