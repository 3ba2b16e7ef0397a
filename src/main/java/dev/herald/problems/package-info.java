/** Every rejection as {@code application/problem+json}, mapped in one place. */
package dev.herald.problems;
