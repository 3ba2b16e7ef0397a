/** Fan-out between nodes: the {@code MessageBus} port and its adapters. */
package dev.herald.bus.control;
