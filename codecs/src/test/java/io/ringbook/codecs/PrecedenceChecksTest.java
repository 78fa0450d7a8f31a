package io.ringbook.codecs;

import io.ringbook.codecs.marketdata.BookSnapshotDecoder;
import io.ringbook.codecs.marketdata.BookSnapshotEncoder;
import io.ringbook.codecs.marketdata.MessageHeaderEncoder;
import org.agrona.ExpandableArrayBuffer;
import org.junit.jupiter.api.Test;

import static io.ringbook.codecs.MessageHeaderValidator.HEADER_LENGTH;
import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

/**
 * The codecs are generated with field-order (precedence) checks and the test JVM switches them on, so the
 * round-trip tests also prove every codec is used in schema order. Benchmarks switch them off with
 * {@code -Dsbe.enable.precedence.checks=false}.
 */
class PrecedenceChecksTest
{
    @Test
    void checksAreOnInTests()
    {
        assertEquals("true", System.getProperty("sbe.enable.precedence.checks"),
            "Surefire should set sbe.enable.precedence.checks=true (codecs/pom.xml)");
    }

    @Test
    void readingGroupsOutOfSchemaOrderIsCaught()
    {
        final ExpandableArrayBuffer buffer = new ExpandableArrayBuffer(128);
        final BookSnapshotEncoder encoder = new BookSnapshotEncoder()
            .wrapAndApplyHeader(buffer, 0, new MessageHeaderEncoder())
            .instrumentId(1);
        encoder.bidsCount(1).next().price(1L).quantity(1L).orderCount(1);
        encoder.asksCount(0);
        encoder.ordersCount(0);

        final BookSnapshotDecoder decoder = new BookSnapshotDecoder();
        decoder.wrap(buffer, HEADER_LENGTH, BookSnapshotDecoder.BLOCK_LENGTH, BookSnapshotDecoder.SCHEMA_VERSION);
        assertThrows(IllegalStateException.class, decoder::asks);

        decoder.wrap(buffer, HEADER_LENGTH, BookSnapshotDecoder.BLOCK_LENGTH, BookSnapshotDecoder.SCHEMA_VERSION);
        assertDoesNotThrow(() -> decoder.bids().next());
    }

    @Test
    void encodingThatSkipsAGroupIsCaught()
    {
        final BookSnapshotEncoder encoder = new BookSnapshotEncoder()
            .wrapAndApplyHeader(new ExpandableArrayBuffer(128), 0, new MessageHeaderEncoder());
        encoder.bidsCount(0);
        assertThrows(IllegalStateException.class, () -> encoder.ordersCount(0));
    }
}
