/** The Redis adapters: history in a Redis Stream per channel, fan-out by pub/sub, over Lettuce. */
package dev.herald.redis;
