package io.ringbook.engine.snapshot;

import io.ringbook.engine.Instrument;
import io.ringbook.engine.MatchingEngine;
import io.ringbook.engine.OrderBook;
import io.ringbook.engine.RestingOrder;
import io.ringbook.engine.Side;
import io.ringbook.engine.StpMode;
import org.agrona.DirectBuffer;
import org.agrona.MutableDirectBuffer;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.Set;
import java.util.zip.CRC32C;

/**
 * Writes the whole state of a {@link MatchingEngine} into one binary frame and restores it, so that recovery loads
 * the newest snapshot and replays only the journal after its {@code lastSequence}. A restored engine is
 * indistinguishable from the original: the same {@link MatchingEngine#stateHash()}, and the same events for any
 * further commands (order ids, trade ids, time priority, duplicate client order id rejects, price bands). Either
 * book implementation restores a snapshot written from either.
 * <p>
 * Frame layout, all integers little-endian (offsets in bytes from the start of the frame):
 * <pre>
 *  header (32 bytes)
 *   0  int32  magic               0x53534252, the ASCII bytes "RBSS"
 *   4  uint16 version             {@value #VERSION}
 *   6  uint16 reserved            0
 *   8  int32  payloadLength       bytes of payload after the header
 *  12  int32  reserved            0
 *  16  int64  lastSequence        engine sequence of the last command applied
 *  24  int64  timestampNs         timestamp of the snapshot, ns since the epoch
 *  payload (payloadLength bytes, starting at 32)
 *      int64  nextOrderId         the id the next accepted order gets
 *      int32  instrumentCount
 *      instrumentCount times, in ascending instrument id:
 *          int32  id
 *          int32  priceExponent
 *          int64  tickSize, lotSize, bandBps, maxOrderQuantity, referencePrice
 *          int64  lastTradePrice  0 before the first trade
 *          int64  tradeCount      trades so far; the next trade id is this + 1
 *          int32  orderCount      resting orders that follow
 *          int32  symbolLength    then the symbol, symbolLength bytes of UTF-8
 *          orderCount times, in canonical order (bids best first, then asks best first, each level in time
 *          priority), {@value #ORDER_LENGTH} bytes each:
 *              int64 orderId, accountId, clientOrderId, price, quantity (total), filledQuantity
 *              int8  side             0 buy, 1 sell
 *              int8  stpMode          0 none, 1 cancel resting, 2 cancel incoming, 3 cancel both
 *              int8  postOnly         0 or 1
 *              int8  reserved         0
 *      int64  clientOrderIdCount  client order ids in use, a check on the blocks
 *      int32  blockCount
 *      blockCount times, {@value #BLOCK_LENGTH} bytes each: client order ids in use, 64 per block
 *          int64 accountId, block, bits    ids block * 64 + b for each bit b set in bits
 *  trailer (4 bytes, at 32 + payloadLength)
 *      int32  crc32c              CRC32C (java.util.zip.CRC32C) of every byte before it, header included
 * </pre>
 * The checksum covers the header as well as the payload, so a damaged {@code lastSequence} cannot send recovery
 * replaying from the wrong place. A reader rejects a frame with a {@link SnapshotFormatException} naming what is
 * wrong: bad magic, unsupported version, truncated, CRC mismatch, or (checksum fine, content inconsistent) malformed.
 * <p>
 * Writing runs on the matching thread between commands: it walks the books with
 * {@link OrderBook#forEachOrder(OrderBook.OrderVisitor)} and the client order ids with
 * {@link MatchingEngine#forEachClientOrderIdBlock(MatchingEngine.ClientOrderIdBlockVisitor)} straight into the
 * buffer; it allocates a handful of objects per snapshot (a writer, the checksum, each symbol's bytes) and nothing per
 * order. Reading is recovery, off any hot path, and allocates freely.
 */
public final class EngineSnapshot
{
    /** "RBSS" in ASCII, read as a little-endian int. */
    public static final int MAGIC = 0x53534252;
    /** The format version this code writes and reads. */
    public static final int VERSION = 1;
    /** Bytes of the fixed header. */
    public static final int HEADER_LENGTH = 32;
    /** Bytes of the checksum trailer. */
    public static final int TRAILER_LENGTH = 4;
    /** Bytes per resting order in the payload. */
    public static final int ORDER_LENGTH = 52;
    /** Bytes per client order id block in the payload. */
    public static final int BLOCK_LENGTH = 24;

    static final int MAGIC_OFFSET = 0;
    static final int VERSION_OFFSET = 4;
    static final int PAYLOAD_LENGTH_OFFSET = 8;
    static final int LAST_SEQUENCE_OFFSET = 16;
    static final int TIMESTAMP_OFFSET = 24;

    private static final ByteOrder LE = ByteOrder.LITTLE_ENDIAN;
    private static final int INSTRUMENT_FIXED_LENGTH = 4 + 4 + 8 * 5 + 8 + 8 + 4 + 4;
    private static final StpMode[] STP_MODES = { StpMode.NONE, StpMode.CANCEL_RESTING, StpMode.CANCEL_INCOMING,
        StpMode.CANCEL_BOTH };
    private static final int MAX_PAYLOAD_LENGTH = Integer.MAX_VALUE - HEADER_LENGTH - TRAILER_LENGTH;

    private EngineSnapshot()
    {
    }

    /**
     * Write the engine's whole state as one frame. Call on the matching thread between commands (the engine is not
     * thread-safe). Pass an expandable buffer (Agrona {@code ExpandableArrayBuffer} or
     * {@code ExpandableDirectByteBuffer}) and it grows to fit; a fixed buffer that is too small throws
     * {@link IndexOutOfBoundsException}.
     *
     * @param engine       to snapshot.
     * @param lastSequence sequence of the last command the engine has processed.
     * @param timestampNs  timestamp to record, ns since the epoch.
     * @param buffer       to write into.
     * @param offset       where the frame starts.
     * @return bytes written: the frame length.
     */
    public static int write(
        final MatchingEngine engine,
        final long lastSequence,
        final long timestampNs,
        final MutableDirectBuffer buffer,
        final int offset)
    {
        final Writer writer = new Writer(buffer);
        int pos = offset + HEADER_LENGTH;
        buffer.putLong(pos, engine.nextOrderId(), LE);
        pos += 8;
        final int instrumentCount = engine.instrumentCount();
        buffer.putInt(pos, instrumentCount, LE);
        pos += 4;
        for (int i = 0; i < instrumentCount; i++)
        {
            final OrderBook book = engine.book(engine.instrumentIdAt(i));
            final Instrument instrument = book.instrument();
            final byte[] symbol = instrument.symbol().getBytes(StandardCharsets.UTF_8);
            final int orderCount = book.orderCount();
            buffer.putInt(pos, instrument.id(), LE);
            buffer.putInt(pos + 4, instrument.priceExponent(), LE);
            buffer.putLong(pos + 8, instrument.tickSize(), LE);
            buffer.putLong(pos + 16, instrument.lotSize(), LE);
            buffer.putLong(pos + 24, instrument.bandBps(), LE);
            buffer.putLong(pos + 32, instrument.maxOrderQuantity(), LE);
            buffer.putLong(pos + 40, instrument.referencePrice(), LE);
            buffer.putLong(pos + 48, book.lastTradePrice(), LE);
            buffer.putLong(pos + 56, book.tradeCount(), LE);
            buffer.putInt(pos + 64, orderCount, LE);
            buffer.putInt(pos + 68, symbol.length, LE);
            pos += INSTRUMENT_FIXED_LENGTH;
            buffer.putBytes(pos, symbol);
            pos += symbol.length;

            writer.position = pos;
            writer.orders = 0;
            book.forEachOrder(writer);
            if (writer.orders != orderCount)
            {
                throw new IllegalStateException("book " + instrument.symbol() + " counts " + orderCount +
                    " orders but visited " + writer.orders);
            }
            pos = writer.position;
        }

        buffer.putLong(pos, engine.clientOrderIdCount(), LE);
        final int blockCountAt = pos + 8;
        writer.position = pos + 12;
        writer.blocks = 0;
        engine.forEachClientOrderIdBlock(writer);
        buffer.putInt(blockCountAt, writer.blocks, LE);
        pos = writer.position;

        final int payloadLength = pos - (offset + HEADER_LENGTH);
        buffer.putInt(offset + MAGIC_OFFSET, MAGIC, LE);
        buffer.putShort(offset + VERSION_OFFSET, (short)VERSION, LE);
        buffer.putShort(offset + VERSION_OFFSET + 2, (short)0, LE);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET, payloadLength, LE);
        buffer.putInt(offset + PAYLOAD_LENGTH_OFFSET + 4, 0, LE);
        buffer.putLong(offset + LAST_SEQUENCE_OFFSET, lastSequence, LE);
        buffer.putLong(offset + TIMESTAMP_OFFSET, timestampNs, LE);
        buffer.putInt(pos, crc32c(buffer, offset, pos - offset), LE);
        return pos + TRAILER_LENGTH - offset;
    }

    /**
     * Read the fixed header alone: no checksum, no restore. Checks the magic and the version, so a caller can pick
     * snapshots by sequence cheaply; {@link #verify} checks the rest.
     *
     * @param buffer holding the frame.
     * @param offset where the frame starts.
     * @param length bytes available from offset (at least the header).
     * @return the header.
     * @throws SnapshotFormatException when fewer than {@value #HEADER_LENGTH} bytes are there, the magic is wrong or
     *                                 the version is not {@value #VERSION}.
     */
    public static SnapshotHeader readHeader(final DirectBuffer buffer, final int offset, final int length)
    {
        if (available(buffer, offset, length) < HEADER_LENGTH)
        {
            throw new SnapshotFormatException(SnapshotFormatException.Reason.TRUNCATED,
                "snapshot truncated: " + length + " bytes, shorter than the " + HEADER_LENGTH + "-byte header");
        }
        final int magic = buffer.getInt(offset + MAGIC_OFFSET, LE);
        if (magic != MAGIC)
        {
            throw new SnapshotFormatException(SnapshotFormatException.Reason.BAD_MAGIC,
                "not a snapshot: magic 0x" + Integer.toHexString(magic) + ", expected 0x" +
                Integer.toHexString(MAGIC));
        }
        final int version = buffer.getShort(offset + VERSION_OFFSET, LE) & 0xFFFF;
        if (version != VERSION)
        {
            throw new SnapshotFormatException(SnapshotFormatException.Reason.UNSUPPORTED_VERSION,
                "unsupported snapshot format version " + version + ", this build reads version " + VERSION);
        }
        final int payloadLength = buffer.getInt(offset + PAYLOAD_LENGTH_OFFSET, LE);
        if (payloadLength < 0 || payloadLength > MAX_PAYLOAD_LENGTH)
        {
            throw new SnapshotFormatException(SnapshotFormatException.Reason.MALFORMED,
                "snapshot header names an impossible payload length " + payloadLength);
        }
        return new SnapshotHeader(
            version, payloadLength, buffer.getLong(offset + LAST_SEQUENCE_OFFSET, LE),
            buffer.getLong(offset + TIMESTAMP_OFFSET, LE));
    }

    /**
     * Check a whole frame without restoring it: header, length, checksum and the consistency of the content (the
     * same checks {@link #read} makes before it touches the engine).
     *
     * @param buffer holding the frame.
     * @param offset where the frame starts.
     * @param length bytes available from offset; may be more than the frame.
     * @return the header of a frame that {@link #read} will restore.
     * @throws SnapshotFormatException naming what is wrong.
     */
    public static SnapshotHeader verify(final DirectBuffer buffer, final int offset, final int length)
    {
        final SnapshotHeader header = verifyFrame(buffer, offset, length);
        final int start = offset + HEADER_LENGTH;
        decodePayload(buffer, start, start + header.payloadLength(), null, false);
        return header;
    }

    /**
     * Restore a snapshot into an engine that holds no state yet: no orders, no trades, no client order ids, next order
     * id 1 (a new engine, or one after {@link MatchingEngine#reset()}). The engine may already define some of the
     * snapshot's instruments (e.g. from configuration) as long as every field matches; those it lacks are defined from
     * the snapshot; instruments it defines that the snapshot does not have stay defined, with empty books (and so
     * change the state hash). The book implementation is the engine's: a snapshot of fast books restores into
     * reference books and the other way round.
     * <p>
     * The whole frame is checked before the engine is touched, so on any exception the engine is unchanged.
     *
     * @param buffer holding the frame.
     * @param offset where the frame starts.
     * @param length bytes available from offset; may be more than the frame.
     * @param engine to restore into, on its matching thread (or before it starts).
     * @return the snapshot's last sequence: replay the journal from the command after it.
     * @throws SnapshotFormatException when the frame is unusable, naming why.
     * @throws IllegalStateException   when the engine already holds state, or defines an instrument differently.
     */
    public static long read(final DirectBuffer buffer, final int offset, final int length, final MatchingEngine engine)
    {
        final SnapshotHeader header = verifyFrame(buffer, offset, length);
        checkEmpty(engine);
        final int start = offset + HEADER_LENGTH;
        final int end = start + header.payloadLength();
        decodePayload(buffer, start, end, engine, false);
        decodePayload(buffer, start, end, engine, true);
        return header.lastSequence();
    }

    private static SnapshotHeader verifyFrame(final DirectBuffer buffer, final int offset, final int length)
    {
        final SnapshotHeader header = readHeader(buffer, offset, length);
        final int frameLength = header.frameLength();
        final int available = available(buffer, offset, length);
        if (frameLength > available)
        {
            throw new SnapshotFormatException(SnapshotFormatException.Reason.TRUNCATED,
                "snapshot truncated: frame of " + frameLength + " bytes, only " + available + " available");
        }
        final int checked = HEADER_LENGTH + header.payloadLength();
        final int stored = buffer.getInt(offset + checked, LE);
        final int computed = crc32c(buffer, offset, checked);
        if (stored != computed)
        {
            throw new SnapshotFormatException(SnapshotFormatException.Reason.CRC_MISMATCH,
                "snapshot CRC mismatch: stored 0x" + Integer.toHexString(stored) + ", computed 0x" +
                Integer.toHexString(computed));
        }
        return header;
    }

    /**
     * Bytes really there: a length that runs past the buffer counts as a truncated frame, not an index error.
     */
    private static int available(final DirectBuffer buffer, final int offset, final int length)
    {
        return Math.max(0, Math.min(length, buffer.capacity() - offset));
    }

    private static void checkEmpty(final MatchingEngine engine)
    {
        if (engine.nextOrderId() != 1 || engine.clientOrderIdCount() != 0)
        {
            throw new IllegalStateException("restore needs an engine without state: next order id " +
                engine.nextOrderId() + ", " + engine.clientOrderIdCount() + " client order ids recorded");
        }
        for (int i = 0, n = engine.instrumentCount(); i < n; i++)
        {
            final OrderBook book = engine.book(engine.instrumentIdAt(i));
            if (book.orderCount() != 0 || book.tradeCount() != 0 || book.lastTradePrice() != OrderBook.NO_PRICE)
            {
                throw new IllegalStateException("restore needs an engine without state: book " +
                    book.instrument().symbol() + " has orders or trades");
            }
        }
    }

    /**
     * Walk the payload; check everything when {@code apply} is false, restore into the engine when it is true. One
     * walk for both keeps the checks and the restore from drifting apart.
     *
     * @param engine null to check the content alone; else the engine to check instruments against, or restore into.
     */
    private static void decodePayload(
        final DirectBuffer buffer, final int start, final int end, final MatchingEngine engine, final boolean apply)
    {
        final Cursor in = new Cursor(buffer, start, end);
        final long nextOrderId = in.getLong("next order id");
        if (nextOrderId < 1)
        {
            throw malformed("next order id " + nextOrderId + " is not positive");
        }
        final int instrumentCount = in.getInt("instrument count");
        if (instrumentCount < 0)
        {
            throw malformed("negative instrument count " + instrumentCount);
        }
        int previousId = -1;
        final Set<String> symbols = apply ? null : new HashSet<>();
        for (int i = 0; i < instrumentCount; i++)
        {
            in.need(INSTRUMENT_FIXED_LENGTH, "instrument");
            final int id = in.getInt("instrument id");
            final int priceExponent = in.getInt("price exponent");
            final long tickSize = in.getLong("tick size");
            final long lotSize = in.getLong("lot size");
            final long bandBps = in.getLong("band");
            final long maxOrderQuantity = in.getLong("max order quantity");
            final long referencePrice = in.getLong("reference price");
            final long lastTradePrice = in.getLong("last trade price");
            final long tradeCount = in.getLong("trade count");
            final int orderCount = in.getInt("order count");
            final int symbolLength = in.getInt("symbol length");
            if (id <= previousId)
            {
                throw malformed("instrument ids not ascending: " + id + " after " + previousId);
            }
            previousId = id;
            if (symbolLength < 0 || orderCount < 0 || lastTradePrice < 0 || tradeCount < 0)
            {
                throw malformed("instrument " + id + ": negative symbol length, order count, last trade price or " +
                    "trade count");
            }
            in.need(symbolLength, "symbol");
            final byte[] symbolBytes = new byte[symbolLength];
            buffer.getBytes(in.position, symbolBytes);
            in.position += symbolLength;
            final String symbol = new String(symbolBytes, StandardCharsets.UTF_8);
            if (symbols != null && !symbols.add(symbol))
            {
                throw malformed("symbol " + symbol + " defined twice");
            }

            final Instrument instrument;
            try
            {
                instrument = new Instrument(
                    id, symbol, tickSize, lotSize, priceExponent, bandBps, maxOrderQuantity, referencePrice);
            }
            catch (final IllegalArgumentException ex)
            {
                throw malformed("instrument " + id + ": " + ex.getMessage());
            }
            if ((long)orderCount * ORDER_LENGTH > end - in.position)
            {
                throw malformed("instrument " + symbol + ": " + orderCount + " orders do not fit in the payload");
            }

            OrderBook book = null;
            if (engine != null)
            {
                book = engine.book(id);
                if (!apply && book != null && !sameDefinition(book.instrument(), instrument))
                {
                    throw new IllegalStateException("engine defines " + book.instrument() +
                        " but the snapshot has " + instrument);
                }
                if (!apply && book == null && engine.instrument(symbol) != null)
                {
                    throw new IllegalStateException("engine defines symbol " + symbol + " as " +
                        engine.instrument(symbol) + " but the snapshot has " + instrument);
                }
                if (apply)
                {
                    if (book == null)
                    {
                        engine.addInstrument(instrument);
                        book = engine.book(id);
                    }
                    book.restoreTradeState(lastTradePrice, tradeCount);
                }
            }
            decodeOrders(buffer, in, orderCount, nextOrderId, instrument, apply ? book : null);
        }

        final long clientOrderIdCount = in.getLong("client order id count");
        final int blockCount = in.getInt("block count");
        if (blockCount < 0 || (long)blockCount * BLOCK_LENGTH != end - in.position)
        {
            throw malformed(blockCount + " client order id blocks do not fill the rest of the payload (" +
                (end - in.position) + " bytes)");
        }
        long ids = 0;
        for (int i = 0; i < blockCount; i++)
        {
            final long accountId = in.getLong("account id");
            final long block = in.getLong("block");
            final long bits = in.getLong("bits");
            if (bits == 0 || block < 0 || block > (-1L >>> 6))
            {
                throw malformed("client order id block " + i + " is empty or out of range");
            }
            ids += Long.bitCount(bits);
            if (apply)
            {
                engine.restoreClientOrderIdBlock(accountId, block, bits);
            }
        }
        if (ids != clientOrderIdCount)
        {
            throw malformed("client order id blocks hold " + ids + " ids, header of the section says " +
                clientOrderIdCount);
        }
        if (apply)
        {
            engine.restoreNextOrderId(nextOrderId);
        }
    }

    private static void decodeOrders(
        final DirectBuffer buffer,
        final Cursor in,
        final int orderCount,
        final long nextOrderId,
        final Instrument instrument,
        final OrderBook book)
    {
        Side previousSide = Side.BUY;
        long previousPrice = Long.MAX_VALUE;
        long bestBid = OrderBook.NO_PRICE;
        for (int j = 0; j < orderCount; j++)
        {
            final int at = in.position;
            final long orderId = buffer.getLong(at, LE);
            final long accountId = buffer.getLong(at + 8, LE);
            final long clientOrderId = buffer.getLong(at + 16, LE);
            final long price = buffer.getLong(at + 24, LE);
            final long quantity = buffer.getLong(at + 32, LE);
            final long filled = buffer.getLong(at + 40, LE);
            final int sideCode = buffer.getByte(at + 48);
            final int stpCode = buffer.getByte(at + 49);
            final int postOnlyCode = buffer.getByte(at + 50);
            in.position += ORDER_LENGTH;

            final Side side = Side.fromOrdinal(sideCode);
            if (side == null || stpCode < 0 || stpCode >= STP_MODES.length || (postOnlyCode & ~1) != 0)
            {
                throw malformed(orderText(instrument, orderId) + ": bad side, self-trade mode or post-only byte");
            }
            if (orderId < 1 || orderId >= nextOrderId || price <= 0 || quantity <= 0 || filled < 0 ||
                filled >= quantity)
            {
                throw malformed(orderText(instrument, orderId) + ": id, price or quantities out of range");
            }
            if (side != previousSide)
            {
                if (side == Side.BUY)
                {
                    throw malformed(orderText(instrument, orderId) + ": a bid after the asks");
                }
                previousSide = side;
                previousPrice = 0;
                if (bestBid != OrderBook.NO_PRICE && price <= bestBid)
                {
                    throw malformed("book " + instrument.symbol() + " crossed: bid " + bestBid + ", ask " + price);
                }
            }
            if (side == Side.BUY ? price > previousPrice : price < previousPrice)
            {
                throw malformed(orderText(instrument, orderId) + ": orders not in canonical price order");
            }
            if (side == Side.BUY && bestBid == OrderBook.NO_PRICE)
            {
                bestBid = price;
            }
            previousPrice = price;
            if (book != null)
            {
                book.restoreOrder(
                    orderId, accountId, clientOrderId, side, price, quantity, filled, STP_MODES[stpCode],
                    postOnlyCode == 1);
            }
        }
    }

    private static String orderText(final Instrument instrument, final long orderId)
    {
        return "order " + orderId + " of " + instrument.symbol();
    }

    private static boolean sameDefinition(final Instrument a, final Instrument b)
    {
        return a.id() == b.id() && a.symbol().equals(b.symbol()) && a.tickSize() == b.tickSize() &&
            a.lotSize() == b.lotSize() && a.priceExponent() == b.priceExponent() && a.bandBps() == b.bandBps() &&
            a.maxOrderQuantity() == b.maxOrderQuantity() && a.referencePrice() == b.referencePrice();
    }

    private static SnapshotFormatException malformed(final String message)
    {
        return new SnapshotFormatException(SnapshotFormatException.Reason.MALFORMED, "snapshot malformed: " + message);
    }

    private static byte code(final StpMode stpMode)
    {
        switch (stpMode)
        {
            case NONE:
                return 0;
            case CANCEL_RESTING:
                return 1;
            case CANCEL_INCOMING:
                return 2;
            case CANCEL_BOTH:
                return 3;
            default:
                throw new IllegalStateException("self-trade mode without a snapshot code: " + stpMode);
        }
    }

    /**
     * CRC32C of a range of any Agrona buffer: straight over its array or ByteBuffer, copying only for a buffer that
     * wraps a raw address.
     */
    static int crc32c(final DirectBuffer buffer, final int offset, final int length)
    {
        final CRC32C crc = new CRC32C();
        final byte[] array = buffer.byteArray();
        final int adjusted = buffer.wrapAdjustment() + offset;
        if (array != null)
        {
            crc.update(array, adjusted, length);
        }
        else if (buffer.byteBuffer() != null)
        {
            final ByteBuffer view = buffer.byteBuffer().duplicate();
            view.limit(adjusted + length).position(adjusted);
            crc.update(view);
        }
        else
        {
            final byte[] chunk = new byte[Math.min(length, 64 * 1024)];
            for (int done = 0; done < length; )
            {
                final int n = Math.min(chunk.length, length - done);
                buffer.getBytes(offset + done, chunk, 0, n);
                crc.update(chunk, 0, n);
                done += n;
            }
        }
        return (int)crc.getValue();
    }

    /**
     * Writes orders and client order id blocks at {@code position}; one per snapshot, never one per order.
     */
    private static final class Writer implements OrderBook.OrderVisitor, MatchingEngine.ClientOrderIdBlockVisitor
    {
        final MutableDirectBuffer buffer;
        int position;
        int orders;
        int blocks;

        Writer(final MutableDirectBuffer buffer)
        {
            this.buffer = buffer;
        }

        public void visit(final RestingOrder order)
        {
            final MutableDirectBuffer buffer = this.buffer;
            final int at = position;
            // The last byte first: an expandable buffer grows once for the record, not on each put.
            buffer.putByte(at + 51, (byte)0);
            buffer.putLong(at, order.orderId(), LE);
            buffer.putLong(at + 8, order.accountId(), LE);
            buffer.putLong(at + 16, order.clientOrderId(), LE);
            buffer.putLong(at + 24, order.price(), LE);
            buffer.putLong(at + 32, order.quantity(), LE);
            buffer.putLong(at + 40, order.filledQuantity(), LE);
            buffer.putByte(at + 48, (byte)order.side().ordinal());
            buffer.putByte(at + 49, code(order.stpMode()));
            buffer.putByte(at + 50, (byte)(order.postOnly() ? 1 : 0));
            position = at + ORDER_LENGTH;
            orders++;
        }

        public void visit(final long accountId, final long block, final long bits)
        {
            final MutableDirectBuffer buffer = this.buffer;
            final int at = position;
            buffer.putLong(at + 16, bits, LE);
            buffer.putLong(at, accountId, LE);
            buffer.putLong(at + 8, block, LE);
            position = at + BLOCK_LENGTH;
            blocks++;
        }
    }

    /**
     * A bounds-checked read position in the payload.
     */
    private static final class Cursor
    {
        final DirectBuffer buffer;
        final int end;
        int position;

        Cursor(final DirectBuffer buffer, final int start, final int end)
        {
            this.buffer = buffer;
            this.position = start;
            this.end = end;
        }

        void need(final int bytes, final String what)
        {
            if (bytes > end - position)
            {
                throw malformed(what + " runs past the end of the payload");
            }
        }

        long getLong(final String what)
        {
            need(8, what);
            final long value = buffer.getLong(position, LE);
            position += 8;
            return value;
        }

        int getInt(final String what)
        {
            need(4, what);
            final int value = buffer.getInt(position, LE);
            position += 4;
            return value;
        }
    }
}
