/** Who may do what: token verification, the caller it yields, access checks and CORS. */
package dev.herald.security;
