package io.ringbook.tools.load;

/**
 * One command a client is about to send, kept until the offer gets through (a back-pressured offer is retried with
 * the same command, so the workload's choices do not depend on how often Aeron pushed back). Mutable and reused.
 */
final class Command
{
    static final int NEW_GTC = 0;
    static final int NEW_IOC = 1;
    static final int CANCEL = 2;
    static final int REPLACE = 3;
    static final int KINDS = 4;
    static final String[] KIND_NAMES = { "new GTC", "IOC", "cancel", "replace" };

    int kind;
    int instrumentIndex;
    int instrumentId;
    boolean buy;
    long price;
    long quantity;
    /** Cancel/replace: the live order's current client order id and its engine order id. */
    long targetClientOrderId;
    long targetOrderId;
    /** Cancel/replace: the target order's original quantity (a replace never goes below it). */
    long targetQuantity;

    /** The client's sequence number of this request; its id on the wire is the client's id base plus this. */
    long sequence;
    /** When the schedule says it should be sent; latency counts from here. */
    long intendedNs;
    boolean prepared;
}
