/** Each channel's bounded history: the {@code EventStore} port, its rules for resuming and its adapters. */
package dev.herald.store.control;
