/** What every feature speaks of: channels, event ids and the envelope an event travels in. */
package dev.herald.channels.entity;
