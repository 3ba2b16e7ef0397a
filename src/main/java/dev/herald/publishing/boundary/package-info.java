/** The publish endpoints internal applications call. */
package dev.herald.publishing.boundary;
