package io.ringbook.journal;

import io.ringbook.codecs.journal.AcceptedEncoder;
import io.ringbook.codecs.journal.CancelledEncoder;
import io.ringbook.codecs.journal.EventBatchEncoder;
import io.ringbook.codecs.journal.LevelChangeEncoder;
import io.ringbook.codecs.journal.MessageHeaderEncoder;
import io.ringbook.codecs.journal.OrderChangeEncoder;
import io.ringbook.codecs.journal.RejectedEncoder;
import io.ringbook.codecs.journal.ReplacedEncoder;
import io.ringbook.codecs.journal.TradeEncoder;
import io.ringbook.engine.CancelReason;
import io.ringbook.engine.CommandType;
import io.ringbook.engine.EngineCommand;
import io.ringbook.engine.EngineListener;
import io.ringbook.engine.LevelAction;
import io.ringbook.engine.OrderAction;
import io.ringbook.engine.OrderType;
import io.ringbook.engine.RejectReason;
import io.ringbook.engine.Side;
import io.ringbook.engine.TimeInForce;
import org.agrona.DirectBuffer;
import org.agrona.ExpandableDirectByteBuffer;

import java.util.Objects;

/**
 * Encodes the events of one command into one record, the exact bytes the journal's events queue holds for it: an
 * {@code EventBatch} message naming the command's sequence and the record's length, then one SBE message per
 * callback, back to back, in
 * emission order. At {@link #onCommandComplete(long)} the record goes to the sink and the encoder starts over.
 * <p>
 * The writer appends what it is given to Chronicle Queue; a verifier gives a fresh engine's events to one and
 * compares the records with {@link JournalReader#forEachEventRecord(long, long, EventRecordVisitor)}. The buffer
 * is direct and reused (it grows only for a command with more events than it ever had), so encoding allocates
 * nothing in steady state. Single threaded, like every {@link EngineListener}.
 */
public final class EventEncoder implements EngineListener
{
    /** Bytes a record takes before its first event: the {@code EventBatch} message. */
    public static final int BATCH_LENGTH = MessageHeaderEncoder.ENCODED_LENGTH + EventBatchEncoder.BLOCK_LENGTH;
    private static final int INITIAL_CAPACITY = 64 * 1024;

    private final ExpandableDirectByteBuffer buffer = new ExpandableDirectByteBuffer(INITIAL_CAPACITY);
    private final MessageHeaderEncoder headerEncoder = new MessageHeaderEncoder();
    private final EventBatchEncoder batchEncoder = new EventBatchEncoder();
    private final AcceptedEncoder acceptedEncoder = new AcceptedEncoder();
    private final RejectedEncoder rejectedEncoder = new RejectedEncoder();
    private final TradeEncoder tradeEncoder = new TradeEncoder();
    private final CancelledEncoder cancelledEncoder = new CancelledEncoder();
    private final ReplacedEncoder replacedEncoder = new ReplacedEncoder();
    private final OrderChangeEncoder orderChangeEncoder = new OrderChangeEncoder();
    private final LevelChangeEncoder levelChangeEncoder = new LevelChangeEncoder();
    private final EventRecordVisitor sink;
    private int position = BATCH_LENGTH;

    /**
     * @param sink gets each command's record at {@link #onCommandComplete(long)}; the bytes are only valid during
     *             the call.
     */
    public EventEncoder(final EventRecordVisitor sink)
    {
        this.sink = Objects.requireNonNull(sink, "sink");
    }

    /**
     * Starts a record. The {@code EventBatch} header is written at completion, from the sequence
     * {@link #onCommandComplete(long)} names, so a caller that never calls this still gets well-formed records.
     */
    public void onCommandStart(final EngineCommand command)
    {
        position = BATCH_LENGTH;
    }

    public void onAccepted(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final OrderType orderType, final TimeInForce timeInForce,
        final long price, final long quantity)
    {
        ensureRoom(AcceptedEncoder.BLOCK_LENGTH);
        acceptedEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .orderId(orderId)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .side(JournalEnums.encode(side))
            .orderType(JournalEnums.encode(orderType))
            .timeInForce(JournalEnums.encode(timeInForce))
            .price(price)
            .quantity(quantity);
        position += MessageHeaderEncoder.ENCODED_LENGTH + acceptedEncoder.encodedLength();
    }

    public void onRejected(
        final long sequence, final CommandType commandType, final int instrumentId, final long accountId,
        final long clientOrderId, final long orderId, final RejectReason reason)
    {
        ensureRoom(RejectedEncoder.BLOCK_LENGTH);
        rejectedEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .commandType(JournalEnums.encode(commandType))
            .instrumentId(instrumentId)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .orderId(orderId)
            .reason(JournalEnums.encode(reason));
        position += MessageHeaderEncoder.ENCODED_LENGTH + rejectedEncoder.encodedLength();
    }

    public void onTrade(
        final long sequence, final int instrumentId, final long tradeId, final long price, final long quantity,
        final Side aggressorSide, final long makerOrderId, final long makerAccountId, final long makerClientOrderId,
        final long makerOrderQuantity, final long makerLeavesQuantity, final long takerOrderId,
        final long takerAccountId, final long takerClientOrderId, final long takerLeavesQuantity)
    {
        ensureRoom(TradeEncoder.BLOCK_LENGTH);
        tradeEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .tradeId(tradeId)
            .price(price)
            .quantity(quantity)
            .aggressorSide(JournalEnums.encode(aggressorSide))
            .makerOrderId(makerOrderId)
            .makerAccountId(makerAccountId)
            .makerClientOrderId(makerClientOrderId)
            .makerOrderQuantity(makerOrderQuantity)
            .makerLeavesQuantity(makerLeavesQuantity)
            .takerOrderId(takerOrderId)
            .takerAccountId(takerAccountId)
            .takerClientOrderId(takerClientOrderId)
            .takerLeavesQuantity(takerLeavesQuantity);
        position += MessageHeaderEncoder.ENCODED_LENGTH + tradeEncoder.encodedLength();
    }

    public void onCancelled(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long clientOrderId, final Side side, final long price, final long orderQuantity,
        final long cancelledQuantity, final CancelReason reason)
    {
        ensureRoom(CancelledEncoder.BLOCK_LENGTH);
        cancelledEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .orderId(orderId)
            .accountId(accountId)
            .clientOrderId(clientOrderId)
            .side(JournalEnums.encode(side))
            .price(price)
            .orderQuantity(orderQuantity)
            .cancelledQuantity(cancelledQuantity)
            .reason(JournalEnums.encode(reason));
        position += MessageHeaderEncoder.ENCODED_LENGTH + cancelledEncoder.encodedLength();
    }

    public void onReplaced(
        final long sequence, final int instrumentId, final long orderId, final long accountId,
        final long origClientOrderId, final long clientOrderId, final Side side, final long price,
        final long quantity, final long leavesQuantity)
    {
        ensureRoom(ReplacedEncoder.BLOCK_LENGTH);
        replacedEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .orderId(orderId)
            .accountId(accountId)
            .origClientOrderId(origClientOrderId)
            .clientOrderId(clientOrderId)
            .side(JournalEnums.encode(side))
            .price(price)
            .quantity(quantity)
            .leavesQuantity(leavesQuantity);
        position += MessageHeaderEncoder.ENCODED_LENGTH + replacedEncoder.encodedLength();
    }

    public void onOrderChange(
        final long sequence, final int instrumentId, final OrderAction action, final long orderId, final Side side,
        final long price, final long quantity, final long changeQuantity)
    {
        ensureRoom(OrderChangeEncoder.BLOCK_LENGTH);
        orderChangeEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .action(JournalEnums.encode(action))
            .orderId(orderId)
            .side(JournalEnums.encode(side))
            .price(price)
            .quantity(quantity)
            .changeQuantity(changeQuantity);
        position += MessageHeaderEncoder.ENCODED_LENGTH + orderChangeEncoder.encodedLength();
    }

    public void onLevelChange(
        final long sequence, final int instrumentId, final LevelAction action, final Side side, final long price,
        final long quantity, final int orderCount)
    {
        ensureRoom(LevelChangeEncoder.BLOCK_LENGTH);
        levelChangeEncoder.wrapAndApplyHeader(buffer, position, headerEncoder)
            .sequence(sequence)
            .instrumentId(instrumentId)
            .action(JournalEnums.encode(action))
            .side(JournalEnums.encode(side))
            .price(price)
            .quantity(quantity)
            .orderCount(orderCount);
        position += MessageHeaderEncoder.ENCODED_LENGTH + levelChangeEncoder.encodedLength();
    }

    /**
     * Completes the record with its {@code EventBatch} header and hands it to the sink, then starts over even if
     * the sink throws, so one bad record never leaks into the next.
     */
    public void onCommandComplete(final long sequence)
    {
        final int length = position;
        batchEncoder.wrapAndApplyHeader(buffer, 0, headerEncoder).sequence(sequence).recordLength(length);
        position = BATCH_LENGTH;
        sink.onRecord(sequence, buffer, 0, length);
    }

    /**
     * Grows the buffer before a message that would not fit. Growth allocates; it happens only for a command with
     * more events than any before it (a large mass cancel), so the steady state allocates nothing.
     */
    private void ensureRoom(final int blockLength)
    {
        final int required = position + MessageHeaderEncoder.ENCODED_LENGTH + blockLength;
        if (required > buffer.capacity())
        {
            buffer.checkLimit(required);
        }
    }
}
