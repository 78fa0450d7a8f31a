package io.ringbook.engine.pipeline;

/**
 * Fills a ring slot with one command. The pipeline stamps sequence and time after it returns, so translators never
 * set those. Keep implementations in fields: a lambda made per call would allocate.
 */
@FunctionalInterface
public interface CommandTranslator<A>
{
    void translate(CommandEvent event, A argument);
}
