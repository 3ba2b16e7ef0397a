/** This node's live figures and how they are reported. */
package dev.herald.admin.control;
