package io.ringbook.journal;

import io.ringbook.codecs.journal.AcceptedDecoder;
import io.ringbook.codecs.journal.CancelledDecoder;
import io.ringbook.codecs.journal.EventBatchDecoder;
import io.ringbook.codecs.journal.LevelChangeDecoder;
import io.ringbook.codecs.journal.MessageHeaderDecoder;
import io.ringbook.codecs.journal.OrderChangeDecoder;
import io.ringbook.codecs.journal.RejectedDecoder;
import io.ringbook.codecs.journal.ReplacedDecoder;
import io.ringbook.codecs.journal.TradeDecoder;
import io.ringbook.engine.EngineListener;
import org.agrona.DirectBuffer;

/**
 * Turns one event record (see {@link EventEncoder}) back into the {@link EngineListener} callbacks that made it,
 * except {@code onCommandStart} and {@code onCommandComplete}, which belong to the caller (it knows the command).
 * Keeps its decoders, so decoding allocates nothing.
 */
public final class EventDecoder
{
    private final MessageHeaderDecoder headerDecoder = new MessageHeaderDecoder();
    private final EventBatchDecoder batchDecoder = new EventBatchDecoder();
    private final AcceptedDecoder acceptedDecoder = new AcceptedDecoder();
    private final RejectedDecoder rejectedDecoder = new RejectedDecoder();
    private final TradeDecoder tradeDecoder = new TradeDecoder();
    private final CancelledDecoder cancelledDecoder = new CancelledDecoder();
    private final ReplacedDecoder replacedDecoder = new ReplacedDecoder();
    private final OrderChangeDecoder orderChangeDecoder = new OrderChangeDecoder();
    private final LevelChangeDecoder levelChangeDecoder = new LevelChangeDecoder();

    /**
     * @return the sequence the record's {@code EventBatch} names.
     * @throws IllegalStateException when the record does not start with an {@code EventBatch} of this schema.
     */
    public long sequence(final DirectBuffer buffer, final int offset, final int length)
    {
        headerDecoder.wrap(buffer, offset);
        checkHeader(EventBatchDecoder.TEMPLATE_ID, length);
        batchDecoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        return batchDecoder.sequence();
    }

    /**
     * @param remaining bytes from {@code offset} to the end of the excerpt the record is in.
     * @return the length of the record at {@code offset}: its {@code recordLength}, or for a version 0 record
     *         (one per excerpt, without that field) the rest of the excerpt.
     * @throws IllegalStateException when there is no record there, or its length does not fit.
     */
    public int recordLength(final DirectBuffer buffer, final int offset, final int remaining)
    {
        if (remaining < MessageHeaderDecoder.ENCODED_LENGTH)
        {
            throw new IllegalStateException("event record truncated: " + remaining + " bytes at " + offset);
        }
        headerDecoder.wrap(buffer, offset);
        checkHeader(EventBatchDecoder.TEMPLATE_ID, remaining);
        if (headerDecoder.blockLength() < EventBatchDecoder.BLOCK_LENGTH)
        {
            return remaining;
        }
        batchDecoder.wrap(
            buffer, offset + MessageHeaderDecoder.ENCODED_LENGTH, headerDecoder.blockLength(), headerDecoder.version());
        final long length = batchDecoder.recordLength();
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength() || length > remaining)
        {
            throw new IllegalStateException("event record at " + offset + " claims " + length + " bytes, " +
                remaining + " left in its excerpt");
        }
        return (int)length;
    }

    /**
     * Calls the listener once per event in the record, in order.
     *
     * @return the number of events.
     * @throws IllegalStateException on a message this schema version does not know: a journal is trusted input,
     *                               so that is corruption or a newer writer, never something to skip silently.
     */
    public int decode(final DirectBuffer buffer, final int offset, final int length, final EngineListener listener)
    {
        sequence(buffer, offset, length);
        final int limit = offset + length;
        int position = offset + MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength();
        int events = 0;
        while (position < limit)
        {
            headerDecoder.wrap(buffer, position);
            if (headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID)
            {
                throw new IllegalStateException("event record: schema " + headerDecoder.schemaId() + " at " + position);
            }
            final int blockLength = headerDecoder.blockLength();
            final int version = headerDecoder.version();
            final int body = position + MessageHeaderDecoder.ENCODED_LENGTH;
            if (body + blockLength > limit)
            {
                throw new IllegalStateException("event record truncated at " + position);
            }
            switch (headerDecoder.templateId())
            {
                case AcceptedDecoder.TEMPLATE_ID:
                {
                    final AcceptedDecoder d = acceptedDecoder.wrap(buffer, body, blockLength, version);
                    listener.onAccepted(
                        d.sequence(), d.instrumentId(), d.orderId(), d.accountId(), d.clientOrderId(),
                        JournalEnums.side(d.sideRaw()), JournalEnums.orderType(d.orderTypeRaw()),
                        JournalEnums.timeInForce(d.timeInForceRaw()), d.price(), d.quantity());
                    break;
                }
                case RejectedDecoder.TEMPLATE_ID:
                {
                    final RejectedDecoder d = rejectedDecoder.wrap(buffer, body, blockLength, version);
                    listener.onRejected(
                        d.sequence(), JournalEnums.commandType(d.commandTypeRaw()), d.instrumentId(), d.accountId(),
                        d.clientOrderId(), d.orderId(), JournalEnums.rejectReason(d.reasonRaw()));
                    break;
                }
                case TradeDecoder.TEMPLATE_ID:
                {
                    final TradeDecoder d = tradeDecoder.wrap(buffer, body, blockLength, version);
                    listener.onTrade(
                        d.sequence(), d.instrumentId(), d.tradeId(), d.price(), d.quantity(),
                        JournalEnums.side(d.aggressorSideRaw()), d.makerOrderId(), d.makerAccountId(),
                        d.makerClientOrderId(), d.makerOrderQuantity(), d.makerLeavesQuantity(), d.takerOrderId(),
                        d.takerAccountId(), d.takerClientOrderId(), d.takerLeavesQuantity());
                    break;
                }
                case CancelledDecoder.TEMPLATE_ID:
                {
                    final CancelledDecoder d = cancelledDecoder.wrap(buffer, body, blockLength, version);
                    listener.onCancelled(
                        d.sequence(), d.instrumentId(), d.orderId(), d.accountId(), d.clientOrderId(),
                        JournalEnums.side(d.sideRaw()), d.price(), d.orderQuantity(), d.cancelledQuantity(),
                        JournalEnums.cancelReason(d.reasonRaw()));
                    break;
                }
                case ReplacedDecoder.TEMPLATE_ID:
                {
                    final ReplacedDecoder d = replacedDecoder.wrap(buffer, body, blockLength, version);
                    listener.onReplaced(
                        d.sequence(), d.instrumentId(), d.orderId(), d.accountId(), d.origClientOrderId(),
                        d.clientOrderId(), JournalEnums.side(d.sideRaw()), d.price(), d.quantity(),
                        d.leavesQuantity());
                    break;
                }
                case OrderChangeDecoder.TEMPLATE_ID:
                {
                    final OrderChangeDecoder d = orderChangeDecoder.wrap(buffer, body, blockLength, version);
                    listener.onOrderChange(
                        d.sequence(), d.instrumentId(), JournalEnums.orderAction(d.actionRaw()), d.orderId(),
                        JournalEnums.side(d.sideRaw()), d.price(), d.quantity(), d.changeQuantity());
                    break;
                }
                case LevelChangeDecoder.TEMPLATE_ID:
                {
                    final LevelChangeDecoder d = levelChangeDecoder.wrap(buffer, body, blockLength, version);
                    listener.onLevelChange(
                        d.sequence(), d.instrumentId(), JournalEnums.levelAction(d.actionRaw()),
                        JournalEnums.side(d.sideRaw()), d.price(), d.quantity(), d.orderCount());
                    break;
                }
                default:
                    throw new IllegalStateException(
                        "event record: unknown template " + headerDecoder.templateId() + " at " + position);
            }
            position = body + blockLength;
            events++;
        }
        return events;
    }

    private void checkHeader(final int templateId, final int length)
    {
        if (length < MessageHeaderDecoder.ENCODED_LENGTH + headerDecoder.blockLength() ||
            headerDecoder.schemaId() != MessageHeaderDecoder.SCHEMA_ID ||
            headerDecoder.templateId() != templateId)
        {
            throw new IllegalStateException("not an event record: schema " + headerDecoder.schemaId() +
                " template " + headerDecoder.templateId() + " length " + length);
        }
    }
}
