package io.ringbook.codecs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilderFactory;
import java.io.InputStream;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The schemas on the classpath, the generated codecs and the validators agree: a message added to a schema but
 * not to {@link MessageHeaderValidator} (or the reverse) fails here rather than being refused in production.
 */
class SchemaTest
{
    private static final String SBE_NAMESPACE = "http://fixprotocol.io/2016/sbe";

    @ParameterizedTest
    @CsvSource({
        "/sbe/order-entry-schema.xml, 1, 0, io.ringbook.codecs.orderentry",
        "/sbe/market-data-schema.xml, 2, 0, io.ringbook.codecs.marketdata",
        "/sbe/journal-schema.xml, 3, 1, io.ringbook.codecs.journal",
    })
    void schemaMessagesGeneratedCodecsAndValidatorAgree(
        final String resource, final int schemaId, final int version, final String javaPackage) throws Exception
    {
        final Element schema = parse(resource).getDocumentElement();
        assertEquals(String.valueOf(schemaId), schema.getAttribute("id"));
        assertEquals(String.valueOf(version), schema.getAttribute("version"));
        assertEquals("littleEndian", schema.getAttribute("byteOrder"));
        assertEquals(javaPackage, schema.getAttribute("package"));

        final MessageHeaderValidator validator = schemaId == 1 ? MessageHeaderValidator.orderEntry() :
            schemaId == 2 ? MessageHeaderValidator.marketData() : MessageHeaderValidator.journal();
        assertEquals(schemaId, validator.schemaId());

        final TreeMap<Integer, String> messages = new TreeMap<>();
        final NodeList nodes = schema.getElementsByTagNameNS(SBE_NAMESPACE, "message");
        for (int i = 0; i < nodes.getLength(); i++)
        {
            final Element message = (Element)nodes.item(i);
            final int id = Integer.parseInt(message.getAttribute("id"));
            final String name = message.getAttribute("name");
            assertEquals(null, messages.put(id, name), "template id " + id + " used twice");
            assertFalse(message.getAttribute("description").isBlank(), name + " has no description");

            assertTrue(validator.isKnownTemplate(id), name + " (" + id + ") is not in the validator");
            for (final String suffix : new String[]{ "Encoder", "Decoder" })
            {
                final Class<?> codec = Class.forName(javaPackage + "." + name + suffix);
                assertEquals(id, codec.getField("TEMPLATE_ID").getInt(null), codec.getName());
                assertEquals(schemaId, codec.getField("SCHEMA_ID").getInt(null), codec.getName());
                assertEquals(version, codec.getField("SCHEMA_VERSION").getInt(null), codec.getName());
            }
        }

        int known = 0;
        for (int templateId = 0; templateId <= 0xFFFF; templateId++)
        {
            known += validator.isKnownTemplate(templateId) ? 1 : 0;
        }
        assertEquals(messages.size(), known, "the validator knows templates the schema does not have: " + messages);
    }

    @Test
    void schemasHaveTheirOwnIds() throws Exception
    {
        final String orderEntryId = parse("/sbe/order-entry-schema.xml").getDocumentElement().getAttribute("id");
        final String marketDataId = parse("/sbe/market-data-schema.xml").getDocumentElement().getAttribute("id");
        final String journalId = parse("/sbe/journal-schema.xml").getDocumentElement().getAttribute("id");
        assertFalse(orderEntryId.equals(marketDataId));
        assertFalse(journalId.equals(orderEntryId) || journalId.equals(marketDataId));
        assertEquals(1, io.ringbook.codecs.orderentry.MessageHeaderDecoder.SCHEMA_ID);
        assertEquals(2, io.ringbook.codecs.marketdata.MessageHeaderDecoder.SCHEMA_ID);
    }

    private static Document parse(final String resource) throws Exception
    {
        final DocumentBuilderFactory factory = DocumentBuilderFactory.newInstance();
        factory.setNamespaceAware(true);
        factory.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
        try (InputStream in = SchemaTest.class.getResourceAsStream(resource))
        {
            assertNotNull(in, resource + " is not on the classpath");
            return factory.newDocumentBuilder().parse(in);
        }
    }
}
