package dev.herald.subscriptions.control;

import dev.herald.problems.Problem;

/** The answer to a stream or poll that comes while the node hands its clients over. */
final class NodeStopping {

    private NodeStopping() {}

    static Problem problem() {
        // A second is enough for the load balancer to send the retry to another node.
        return Problem.unavailable("This node is stopping; try again (another node will answer).", 1);
    }
}
