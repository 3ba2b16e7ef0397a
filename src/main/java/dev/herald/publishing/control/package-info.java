/** Accepting notifications: validation of what internal applications send, and the publisher. */
package dev.herald.publishing.control;
