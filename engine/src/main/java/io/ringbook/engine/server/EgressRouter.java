package io.ringbook.engine.server;

import io.aeron.Publication;
import org.agrona.collections.Long2LongHashMap;

import java.util.List;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Where each account's replies go: the egress publication of its live session, if any. The order-entry agent sets and
 * clears it as sessions come and go; the matching thread reads it for every report. Accounts are fixed at start-up,
 * so the account-to-slot map is built once and only read after that (safe to share). Each slot also records since
 * when its replies have been back-pressured, so the agent can disconnect a slow consumer without the matcher waiting.
 */
final class EgressRouter
{
    static final long NOT_BACK_PRESSURED = 0;

    private final Long2LongHashMap slotByAccount = new Long2LongHashMap(-1);
    private final long[] accountBySlot;
    private final AtomicReferenceArray<Publication> publications;
    private final AtomicLongArray backPressuredSinceNs;

    EgressRouter(final List<EngineConfig.AccountConfig> accounts)
    {
        accountBySlot = new long[accounts.size()];
        for (int slot = 0; slot < accounts.size(); slot++)
        {
            slotByAccount.put(accounts.get(slot).id, slot);
            accountBySlot[slot] = accounts.get(slot).id;
        }
        publications = new AtomicReferenceArray<>(accounts.size());
        backPressuredSinceNs = new AtomicLongArray(accounts.size());
    }

    /**
     * @return the account's slot, or -1 for an unknown account.
     */
    int slot(final long accountId)
    {
        return (int)slotByAccount.get(accountId);
    }

    long accountId(final int slot)
    {
        return accountBySlot[slot];
    }

    int slots()
    {
        return accountBySlot.length;
    }

    Publication publication(final int slot)
    {
        return publications.get(slot);
    }

    void attach(final int slot, final Publication publication)
    {
        backPressuredSinceNs.set(slot, NOT_BACK_PRESSURED);
        publications.set(slot, publication);
    }

    void detach(final int slot)
    {
        publications.set(slot, null);
        backPressuredSinceNs.set(slot, NOT_BACK_PRESSURED);
    }

    /**
     * Matching thread: a reply to this slot did not get through.
     */
    void backPressured(final int slot, final long nowNs)
    {
        if (backPressuredSinceNs.get(slot) == NOT_BACK_PRESSURED)
        {
            backPressuredSinceNs.set(slot, nowNs);
        }
    }

    /**
     * Matching thread: a reply to this slot got through.
     */
    void delivered(final int slot)
    {
        if (backPressuredSinceNs.get(slot) != NOT_BACK_PRESSURED)
        {
            backPressuredSinceNs.set(slot, NOT_BACK_PRESSURED);
        }
    }

    long backPressuredSinceNs(final int slot)
    {
        return backPressuredSinceNs.get(slot);
    }
}
