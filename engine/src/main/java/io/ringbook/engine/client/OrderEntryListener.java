package io.ringbook.engine.client;

import io.ringbook.codecs.orderentry.CancelRejectDecoder;
import io.ringbook.codecs.orderentry.ExecutionReportDecoder;
import io.ringbook.codecs.orderentry.OrderRejectDecoder;
import io.ringbook.codecs.orderentry.SessionRejectDecoder;

/**
 * Callbacks for what the engine sends a session, on the thread that calls {@link OrderEntryClient#poll()}. The
 * decoders are flyweights over the receive buffer: read them inside the callback, do not keep them.
 */
public interface OrderEntryListener
{
    default void onExecutionReport(ExecutionReportDecoder report)
    {
    }

    default void onOrderReject(OrderRejectDecoder reject)
    {
    }

    default void onCancelReject(CancelRejectDecoder reject)
    {
    }

    /**
     * A message of ours was refused before reaching the engine's business logic (malformed, not logged on).
     */
    default void onSessionReject(SessionRejectDecoder reject)
    {
    }

    /**
     * The session ended: the engine logged us out, stopped answering, or we closed.
     */
    default void onDisconnected(String reason)
    {
    }
}
