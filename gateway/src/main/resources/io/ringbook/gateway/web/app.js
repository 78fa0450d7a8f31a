/*
 * ringbook live page: one WebSocket to /ws (docs/websocket-api.md), a ladder and a depth chart on canvas, a trades
 * tape. The book is checked after every message (update-id continuity and the CRC-32 of the top 10 levels) and
 * re-subscribed when it is wrong; the socket reconnects with exponential backoff and jitter.
 *
 * The first part is pure logic with no DOM: Node can load it (module.exports) to test it without a browser.
 */
(function (root)
{
    'use strict';

    // ---------------------------------------------------------------------------------------------------------
    // Pure logic
    // ---------------------------------------------------------------------------------------------------------

    const CHECKSUM_LEVELS = 10;

    const CRC_TABLE = (function ()
    {
        const table = new Uint32Array(256);
        for (let n = 0; n < 256; n++)
        {
            let c = n;
            for (let k = 0; k < 8; k++)
            {
                c = (c & 1) ? (0xEDB88320 ^ (c >>> 1)) : (c >>> 1);
            }
            table[n] = c >>> 0;
        }
        return table;
    })();

    /** CRC-32 (zlib/PNG polynomial, as java.util.zip.CRC32) of an ASCII string, as an unsigned 32-bit integer. */
    function crc32(text)
    {
        let crc = 0xFFFFFFFF;
        for (let i = 0; i < text.length; i++)
        {
            crc = CRC_TABLE[(crc ^ text.charCodeAt(i)) & 0xFF] ^ (crc >>> 8);
        }
        return (crc ^ 0xFFFFFFFF) >>> 0;
    }

    /** The string the checksum covers: the i-th bid then the i-th ask, i = 0..9, each "price:qty", joined by ':'. */
    function checksumText(bids, asks)
    {
        const parts = [];
        for (let i = 0; i < CHECKSUM_LEVELS; i++)
        {
            if (i < bids.length)
            {
                parts.push(bids[i][0], bids[i][1]);
            }
            if (i < asks.length)
            {
                parts.push(asks[i][0], asks[i][1]);
            }
        }
        return parts.join(':');
    }

    function bookChecksum(bids, asks)
    {
        return crc32(checksumText(bids, asks));
    }

    /** True for "0", "0.00", "-0"...: a quantity that removes its level. */
    function isZero(decimal)
    {
        return /^[-+]?0*(\.0*)?$/.test(decimal);
    }

    function compareAbsolute(a, b)
    {
        let pointA = a.indexOf('.');
        let pointB = b.indexOf('.');
        if (pointA < 0)
        {
            pointA = a.length;
        }
        if (pointB < 0)
        {
            pointB = b.length;
        }
        const intA = a.slice(0, pointA).replace(/^0+(?=\d)/, '');
        const intB = b.slice(0, pointB).replace(/^0+(?=\d)/, '');
        if (intA.length !== intB.length)
        {
            return intA.length < intB.length ? -1 : 1;
        }
        if (intA !== intB)
        {
            return intA < intB ? -1 : 1;
        }
        let fracA = a.slice(pointA + 1);
        let fracB = b.slice(pointB + 1);
        const width = Math.max(fracA.length, fracB.length);
        fracA = fracA.padEnd(width, '0');
        fracB = fracB.padEnd(width, '0');
        return fracA === fracB ? 0 : (fracA < fracB ? -1 : 1);
    }

    /** Exact numeric order of two decimal strings (no float rounding): negative, 0 or positive. */
    function compareDecimal(a, b)
    {
        const negativeA = a.charAt(0) === '-';
        const negativeB = b.charAt(0) === '-';
        if (negativeA !== negativeB)
        {
            return negativeA ? -1 : 1;
        }
        const c = compareAbsolute(negativeA ? a.slice(1) : a, negativeB ? b.slice(1) : b);
        return negativeA ? -c : c;
    }

    /**
     * Set the given levels (absolute quantities; zero removes) on one side, kept best first: bids highest first,
     * asks lowest first. Levels are matched by their exact price string, as the gateway writes them.
     */
    function applyLevels(side, levels, isBid)
    {
        for (let n = 0; n < levels.length; n++)
        {
            const price = levels[n][0];
            const qty = levels[n][1];
            let i = 0;
            let order = 1;
            while (i < side.length)
            {
                order = compareDecimal(price, side[i][0]);
                if (isBid ? order >= 0 : order <= 0)
                {
                    break;
                }
                i++;
            }
            const found = i < side.length && order === 0;
            if (isZero(qty))
            {
                if (found)
                {
                    side.splice(i, 1);
                }
            }
            else if (found)
            {
                side[i] = [price, qty];
            }
            else
            {
                side.splice(i, 0, [price, qty]);
            }
        }
        return side;
    }

    function newBook()
    {
        return { bids: [], asks: [], updateId: null, seq: null, timeUs: null, checksum: null };
    }

    function copyLevels(levels)
    {
        const copy = [];
        for (let i = 0; i < levels.length; i++)
        {
            if (!isZero(levels[i][1]))
            {
                copy.push([String(levels[i][0]), String(levels[i][1])]);
            }
        }
        return copy;
    }

    /**
     * Replace the book with a snapshot. Returns "ok" or "checksum" (the levels as sent do not match their
     * checksum).
     */
    function applySnapshot(book, msg)
    {
        book.bids = copyLevels(msg.bids || []);
        book.asks = copyLevels(msg.asks || []);
        book.updateId = msg.updateId;
        book.seq = msg.seq;
        book.timeUs = msg.timeUs;
        book.checksum = bookChecksum(book.bids, book.asks);
        return book.checksum === (msg.checksum >>> 0) ? 'ok' : 'checksum';
    }

    /**
     * Apply a diff. Returns "gap" (its firstUpdateId does not follow the book's update id; the book is left as
     * it was), "checksum" (applied, but the result does not match the checksum) or "ok".
     */
    function applyDiff(book, msg)
    {
        if (book.updateId === null || msg.firstUpdateId !== book.updateId + 1)
        {
            return 'gap';
        }
        applyLevels(book.bids, msg.bids || [], true);
        applyLevels(book.asks, msg.asks || [], false);
        book.updateId = msg.lastUpdateId;
        book.seq = msg.seq;
        book.timeUs = msg.timeUs;
        book.checksum = bookChecksum(book.bids, book.asks);
        return book.checksum === (msg.checksum >>> 0) ? 'ok' : 'checksum';
    }

    /** Reconnect delay: base doubling per attempt up to max, times a uniform jitter in [1 - jitter, 1 + jitter). */
    function backoffMs(attempt, random, baseMs, maxMs, jitter)
    {
        const b = baseMs === undefined ? 250 : baseMs;
        const m = maxMs === undefined ? 10000 : maxMs;
        const j = jitter === undefined ? 0.5 : jitter;
        const exact = Math.min(m, b * Math.pow(2, Math.min(attempt, 30)));
        return Math.round(exact * (1 - j + 2 * j * random));
    }

    const Logic = {
        crc32: crc32,
        checksumText: checksumText,
        bookChecksum: bookChecksum,
        compareDecimal: compareDecimal,
        isZero: isZero,
        applyLevels: applyLevels,
        newBook: newBook,
        applySnapshot: applySnapshot,
        applyDiff: applyDiff,
        backoffMs: backoffMs
    };

    if (typeof module !== 'undefined' && module.exports)
    {
        module.exports = Logic;
    }
    if (typeof document === 'undefined')
    {
        return;
    }
    root.RingbookLogic = Logic;

    // ---------------------------------------------------------------------------------------------------------
    // The page
    // ---------------------------------------------------------------------------------------------------------

    const MAX_TAPE = 80;
    const COLORS = {
        bid: '#2ebd85',
        ask: '#f6465d',
        bidBar: 'rgba(46, 189, 133, 0.16)',
        askBar: 'rgba(246, 70, 93, 0.16)',
        bidFill: 'rgba(46, 189, 133, 0.18)',
        askFill: 'rgba(246, 70, 93, 0.18)',
        text: '#d6dde8',
        muted: '#6b778a',
        grid: 'rgba(255, 255, 255, 0.05)',
        rule: '#232b39',
        accent: '#f0b90b',
        spreadBg: '#161c27'
    };
    const MONO = '12px "DejaVu Sans Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';
    const SMALL = '11px "DejaVu Sans Mono", ui-monospace, SFMono-Regular, Menlo, Consolas, monospace';

    const params = new URLSearchParams(root.location.search);
    const wanted = {
        symbol: params.get('symbol'),
        depth: positiveInt(params.get('depth'), 20),
        interval: nonNegativeInt(params.get('interval'), 100)
    };

    const el = {
        status: document.getElementById('status'),
        statusText: document.getElementById('status-text'),
        instrument: document.getElementById('instrument'),
        depth: document.getElementById('depth'),
        interval: document.getElementById('interval'),
        latency: document.getElementById('latency'),
        updateId: document.getElementById('update-id'),
        seq: document.getElementById('seq'),
        checksum: document.getElementById('checksum'),
        resyncs: document.getElementById('resyncs'),
        spread: document.getElementById('spread'),
        ladder: document.getElementById('ladder'),
        ladderBox: document.getElementById('ladder-box'),
        depthChart: document.getElementById('depth-chart'),
        depthBox: document.getElementById('depth-box'),
        staleBanner: document.getElementById('stale-banner'),
        staleReason: document.getElementById('stale-reason'),
        tape: document.getElementById('tape'),
        tradeCount: document.getElementById('trade-count'),
        message: document.getElementById('message'),
        endpoint: document.getElementById('endpoint')
    };

    /** What tests read (window.ringbook); the page keeps it current as messages arrive. */
    const state = {
        connection: 'connecting',
        symbol: null,
        depth: wanted.depth,
        interval: wanted.interval,
        updateId: null,
        seq: null,
        bids: [],
        asks: [],
        checksumOk: null,
        checksumFailures: 0,
        gaps: 0,
        resyncs: 0,
        reconnects: 0,
        stale: false,
        staleReason: null,
        lastLatencyMs: null,
        trades: 0,
        instruments: [],
        lastError: null,
        messages: 0,
        renders: 0,
        renderedUpdateId: null,
        renderedTrades: 0
    };
    root.ringbook = state;

    let book = newBook();
    let awaitingSnapshot = true;
    let socket = null;
    let attempt = 0;
    let reconnectTimer = null;
    let lastMessageMs = 0;
    let heartbeatMs = 5000;
    let requestId = 0;
    let renderPending = false;
    let pendingTrades = [];
    const instruments = new Map();

    const wsUrl = (root.location.protocol === 'https:' ? 'wss://' : 'ws://') + root.location.host + '/ws';
    el.endpoint.textContent = wsUrl;
    el.depth.textContent = String(wanted.depth);
    el.interval.textContent = String(wanted.interval);

    function positiveInt(text, fallback)
    {
        const n = parseInt(text, 10);
        return Number.isFinite(n) && n > 0 ? n : fallback;
    }

    function nonNegativeInt(text, fallback)
    {
        const n = parseInt(text, 10);
        return Number.isFinite(n) && n >= 0 ? n : fallback;
    }

    function nowUs()
    {
        return (performance.timeOrigin + performance.now()) * 1000;
    }

    // --- connection ------------------------------------------------------------------------------------------

    function setConnection(connection)
    {
        state.connection = connection;
        updateStatus();
    }

    function connect()
    {
        reconnectTimer = null;
        setConnection('connecting');
        let ws;
        try
        {
            ws = new WebSocket(wsUrl);
        }
        catch (err)
        {
            showMessage('cannot open ' + wsUrl + ': ' + err.message, true);
            scheduleReconnect();
            return;
        }
        socket = ws;
        ws.onopen = function ()
        {
            if (socket === ws)
            {
                lastMessageMs = Date.now();
                setConnection('open');
            }
        };
        ws.onmessage = function (event)
        {
            if (socket === ws)
            {
                lastMessageMs = Date.now();
                onMessage(event.data);
            }
        };
        ws.onclose = function (event)
        {
            if (socket === ws)
            {
                socket = null;
                setConnection('closed');
                if (event.code === 1008)
                {
                    showMessage('disconnected: ' + (event.reason || 'policy'), true);
                }
                scheduleReconnect();
            }
        };
        ws.onerror = function ()
        {
            // onclose follows and reconnects.
        };
    }

    function scheduleReconnect()
    {
        if (reconnectTimer !== null)
        {
            return;
        }
        const delayMs = backoffMs(attempt, Math.random());
        attempt++;
        state.reconnects++;
        awaitingSnapshot = true;
        showMessage('reconnecting in ' + delayMs + ' ms', false);
        reconnectTimer = setTimeout(connect, delayMs);
    }

    function send(request)
    {
        if (socket !== null && socket.readyState === WebSocket.OPEN)
        {
            request.id = ++requestId;
            socket.send(JSON.stringify(request));
            return true;
        }
        return false;
    }

    function subscribe()
    {
        awaitingSnapshot = true;
        send({ op: 'subscribe', symbol: state.symbol, depth: wanted.depth, interval: wanted.interval });
    }

    /** The book is wrong (a gap or a bad checksum): ask for a fresh snapshot. */
    function resync()
    {
        state.resyncs++;
        subscribe();
        updateStatus();
    }

    /** No message for three heartbeat periods: the connection is dead even if TCP has not noticed. */
    function watchdog()
    {
        if (socket !== null && state.connection === 'open' && Date.now() - lastMessageMs > 3 * heartbeatMs)
        {
            showMessage('no heartbeat for ' + (3 * heartbeatMs) + ' ms: reconnecting', true);
            const ws = socket;
            socket = null;
            ws.close();
            setConnection('closed');
            scheduleReconnect();
        }
    }

    // --- messages --------------------------------------------------------------------------------------------

    function onMessage(data)
    {
        let msg;
        try
        {
            msg = JSON.parse(data);
        }
        catch (err)
        {
            showMessage('bad message from gateway: ' + err.message, true);
            return;
        }
        state.messages++;
        switch (msg.type)
        {
            case 'welcome':
                onWelcome(msg);
                break;
            case 'instrument':
                addInstrument(msg.instrument);
                fillPicker();
                break;
            case 'snapshot':
                onSnapshot(msg);
                break;
            case 'diff':
                onDiff(msg);
                break;
            case 'trades':
                for (let i = 0; i < msg.trades.length; i++)
                {
                    const trade = msg.trades[i];
                    trade.symbol = msg.symbol;
                    if (i === 0 && msg.missed)
                    {
                        trade.missed = msg.missed;
                    }
                    onTrade(trade);
                }
                break;
            case 'stale':
                onStale(msg);
                break;
            case 'error':
                state.lastError = msg.code;
                showMessage(msg.code + ': ' + msg.message, true);
                break;
            case 'subscribed':
            case 'unsubscribed':
            case 'heartbeat':
            case 'pong':
                break;
            default:
                break;
        }
    }

    function onWelcome(msg)
    {
        attempt = 0;
        heartbeatMs = msg.heartbeatMs > 0 ? msg.heartbeatMs : 5000;
        instruments.clear();
        (msg.instruments || []).forEach(addInstrument);
        state.instruments = Array.from(instruments.keys());
        if (state.symbol === null || !instruments.has(state.symbol))
        {
            state.symbol = (wanted.symbol !== null && instruments.has(wanted.symbol)) ?
                wanted.symbol : (state.instruments.length > 0 ? state.instruments[0] : null);
            if (wanted.symbol !== null && !instruments.has(wanted.symbol))
            {
                showMessage('no instrument ' + wanted.symbol + ': showing ' + state.symbol, true);
            }
        }
        fillPicker();
        if (state.symbol !== null)
        {
            if (wanted.depth > msg.maxDepth)
            {
                wanted.depth = msg.maxDepth;
                el.depth.textContent = String(wanted.depth);
            }
            subscribe();
            showMessage('connected', false);
        }
        else
        {
            showMessage('the gateway has no instruments yet', true);
        }
        updateStatus();
    }

    function addInstrument(instrument)
    {
        if (instrument && instrument.symbol)
        {
            instruments.set(instrument.symbol, instrument);
            state.instruments = Array.from(instruments.keys());
        }
    }

    function onSnapshot(msg)
    {
        if (msg.symbol !== state.symbol)
        {
            return;
        }
        const result = applySnapshot(book, msg);
        awaitingSnapshot = false;
        state.stale = false;
        state.staleReason = null;
        afterUpdate(msg, result);
    }

    function onDiff(msg)
    {
        if (msg.symbol !== state.symbol || awaitingSnapshot)
        {
            return;
        }
        const result = applyDiff(book, msg);
        if (result === 'gap')
        {
            state.gaps++;
            showMessage('update ' + msg.firstUpdateId + ' does not follow ' + book.updateId + ': resync', true);
            resync();
            return;
        }
        afterUpdate(msg, result);
    }

    function afterUpdate(msg, result)
    {
        state.updateId = book.updateId;
        state.seq = book.seq;
        state.bids = book.bids;
        state.asks = book.asks;
        state.lastLatencyMs = Math.round((nowUs() - msg.timeUs) / 100) / 10;
        state.checksumOk = result === 'ok';
        if (result === 'checksum')
        {
            state.checksumFailures++;
            showMessage('checksum ' + book.checksum + ' != ' + msg.checksum + ' at update ' + book.updateId +
                ': resync', true);
            resync();
        }
        updateStatus();
        scheduleRender();
    }

    function onStale(msg)
    {
        if (msg.symbol !== state.symbol)
        {
            return;
        }
        state.stale = true;
        state.staleReason = msg.reason || 'STALE';
        awaitingSnapshot = true;
        showMessage(msg.symbol + ' is stale (' + state.staleReason + '): waiting for a snapshot', true);
        updateStatus();
        scheduleRender();
    }

    function onTrade(msg)
    {
        if (msg.symbol !== state.symbol)
        {
            return;
        }
        state.trades++;
        pendingTrades.push(msg);
        if (pendingTrades.length > MAX_TAPE)
        {
            pendingTrades.splice(0, pendingTrades.length - MAX_TAPE);
        }
        scheduleRender();
    }

    /** The trades that came since the last frame, newest on top, in one DOM insert. */
    function drawTape()
    {
        if (pendingTrades.length > 0)
        {
            const rows = document.createDocumentFragment();
            for (let i = pendingTrades.length - 1; i >= 0; i--)
            {
                const trade = pendingTrades[i];
                const li = document.createElement('li');
                li.className = trade.side === 'sell' ? 'sell' : 'buy';
                const time = new Date(Math.floor(trade.timeUs / 1000));
                li.appendChild(cell(time.toISOString().slice(11, 23)));
                li.appendChild(cell(trade.price));
                li.appendChild(cell(trade.qty));
                rows.appendChild(li);
                if (trade.missed)
                {
                    const missed = document.createElement('li');
                    missed.className = 'missed';
                    missed.textContent = trade.missed + ' trades missed';
                    rows.appendChild(missed);
                }
            }
            pendingTrades = [];
            el.tape.insertBefore(rows, el.tape.firstChild);
            while (el.tape.childElementCount > MAX_TAPE)
            {
                el.tape.removeChild(el.tape.lastChild);
            }
        }
        el.tradeCount.textContent = String(state.trades);
        state.renderedTrades = state.trades;
    }

    function cell(text)
    {
        const span = document.createElement('span');
        span.textContent = text;
        return span;
    }

    // --- instrument picker -----------------------------------------------------------------------------------

    function fillPicker()
    {
        const select = el.instrument;
        select.textContent = '';
        instruments.forEach(function (instrument, symbol)
        {
            const option = document.createElement('option');
            option.value = symbol;
            option.textContent = symbol + (instrument.live === false ? ' (halted)' : '');
            select.appendChild(option);
        });
        select.disabled = instruments.size === 0;
        if (state.symbol !== null)
        {
            select.value = state.symbol;
        }
    }

    el.instrument.addEventListener('change', function ()
    {
        const symbol = el.instrument.value;
        if (symbol === state.symbol)
        {
            return;
        }
        if (state.symbol !== null)
        {
            send({ op: 'unsubscribe', symbol: state.symbol });
        }
        state.symbol = symbol;
        wanted.symbol = symbol;
        book = newBook();
        state.bids = book.bids;
        state.asks = book.asks;
        state.updateId = null;
        state.seq = null;
        state.checksumOk = null;
        state.stale = false;
        state.trades = 0;
        pendingTrades = [];
        el.tape.textContent = '';
        el.tradeCount.textContent = '0';
        params.set('symbol', symbol);
        root.history.replaceState(null, '', '?' + params.toString());
        subscribe();
        updateStatus();
        scheduleRender();
    });

    // --- status ----------------------------------------------------------------------------------------------

    function showMessage(text, isWarning)
    {
        el.message.textContent = text;
        el.message.classList.toggle('warn', !!isWarning);
    }

    function updateStatus()
    {
        const s = el.status;
        const shown = state.connection === 'open' && state.stale ? 'stale' : state.connection;
        s.dataset.connection = state.connection;
        s.dataset.symbol = state.symbol === null ? '' : state.symbol;
        s.dataset.updateId = state.updateId === null ? '' : String(state.updateId);
        s.dataset.seq = state.seq === null ? '' : String(state.seq);
        s.dataset.checksumOk = state.checksumOk === null ? '' : String(state.checksumOk);
        s.dataset.checksumFailures = String(state.checksumFailures);
        s.dataset.resyncs = String(state.resyncs);
        s.dataset.stale = String(state.stale);
        s.dataset.trades = String(state.trades);
        s.dataset.latencyMs = state.lastLatencyMs === null ? '' : String(state.lastLatencyMs);
        s.className = 'status ' + shown;
        el.statusText.textContent = shown === 'open' ? 'live' : shown;

        el.latency.textContent = formatLatency(state.lastLatencyMs);
        el.updateId.textContent = state.updateId === null ? '-' : String(state.updateId);
        el.seq.textContent = state.seq === null ? '-' : String(state.seq);
        el.checksum.textContent = state.checksumOk === null ? '-' : (state.checksumOk ? 'ok' : 'mismatch');
        el.checksum.className = state.checksumOk === false ? 'bad' : (state.checksumOk ? 'good' : '');
        el.resyncs.textContent = String(state.resyncs);
        el.staleBanner.hidden = !state.stale;
        el.staleReason.textContent = state.staleReason || '';
        document.title = (state.symbol ? state.symbol + ' ' : '') + 'ringbook';
    }

    /** The age of the last update: ms under a second, then seconds, then minutes (an idle book). */
    function formatLatency(ms)
    {
        if (ms === null)
        {
            return '-';
        }
        if (Math.abs(ms) < 1000)
        {
            return ms.toFixed(1) + ' ms';
        }
        if (Math.abs(ms) < 60000)
        {
            return (ms / 1000).toFixed(2) + ' s';
        }
        return Math.floor(ms / 60000) + ' min';
    }

    // --- rendering -------------------------------------------------------------------------------------------

    function scheduleRender()
    {
        if (!renderPending)
        {
            renderPending = true;
            root.requestAnimationFrame(render);
        }
    }

    function render()
    {
        renderPending = false;
        drawLadder();
        drawDepth();
        drawSpread();
        drawTape();
        state.renderedUpdateId = state.updateId;
        state.renders++;
    }

    /** Size the canvas to its box in device pixels; returns its 2D context scaled to CSS pixels. */
    function prepare(canvas, box)
    {
        const dpr = root.devicePixelRatio || 1;
        const width = Math.max(1, box.clientWidth);
        const height = Math.max(1, box.clientHeight);
        if (canvas.width !== Math.round(width * dpr) || canvas.height !== Math.round(height * dpr))
        {
            canvas.width = Math.round(width * dpr);
            canvas.height = Math.round(height * dpr);
            canvas.style.width = width + 'px';
            canvas.style.height = height + 'px';
        }
        const ctx = canvas.getContext('2d');
        ctx.setTransform(dpr, 0, 0, dpr, 0, 0);
        ctx.clearRect(0, 0, width, height);
        return { ctx: ctx, width: width, height: height };
    }

    function drawSpread()
    {
        if (book.bids.length > 0 && book.asks.length > 0)
        {
            const bid = parseFloat(book.bids[0][0]);
            const ask = parseFloat(book.asks[0][0]);
            const decimals = decimalsOf(book.asks[0][0]);
            const spread = ask - bid;
            const bps = ((spread / ((ask + bid) / 2)) * 10000);
            el.spread.textContent = 'spread ' + spread.toFixed(decimals) + ' (' + bps.toFixed(1) + ' bp)';
        }
        else
        {
            el.spread.textContent = '';
        }
    }

    function decimalsOf(price)
    {
        const point = price.indexOf('.');
        return point < 0 ? 0 : price.length - point - 1;
    }

    function drawLadder()
    {
        const c = prepare(el.ladder, el.ladderBox);
        const ctx = c.ctx;
        const rowH = 20;
        const headH = 22;
        const midH = 26;
        const pad = 12;
        const rowsPerSide = Math.max(1, Math.floor((c.height - headH - midH - 8) / 2 / rowH));
        const asks = book.asks.slice(0, rowsPerSide);
        const bids = book.bids.slice(0, rowsPerSide);

        let maxQty = 0;
        asks.concat(bids).forEach(function (level)
        {
            maxQty = Math.max(maxQty, parseFloat(level[1]));
        });
        const colPrice = pad;
        const colQty = c.width * 0.58;
        const colTotal = c.width - pad;

        ctx.font = SMALL;
        ctx.textBaseline = 'middle';
        ctx.fillStyle = COLORS.muted;
        ctx.textAlign = 'left';
        ctx.fillText('PRICE', colPrice, headH / 2);
        ctx.textAlign = 'right';
        ctx.fillText('SIZE', colQty, headH / 2);
        ctx.fillText('TOTAL', colTotal, headH / 2);
        ctx.fillStyle = COLORS.rule;
        ctx.fillRect(0, headH - 1, c.width, 1);

        // The middle row sits in the middle of the box; the spare height is split above and below.
        const midY = headH + Math.floor((c.height - headH - midH) / 2);

        // Asks: best just above the middle, worse going up.
        let total = 0;
        for (let i = 0; i < asks.length; i++)
        {
            total += parseFloat(asks[i][1]);
            const y = midY - (i + 1) * rowH;
            drawRow(ctx, c.width, y, rowH, asks[i], total, maxQty, false, colPrice, colQty, colTotal);
        }
        total = 0;
        for (let i = 0; i < bids.length; i++)
        {
            total += parseFloat(bids[i][1]);
            const y = midY + midH + i * rowH;
            drawRow(ctx, c.width, y, rowH, bids[i], total, maxQty, true, colPrice, colQty, colTotal);
        }

        // The middle: mid price and spread.
        ctx.fillStyle = COLORS.spreadBg;
        ctx.fillRect(0, midY, c.width, midH);
        ctx.fillStyle = COLORS.rule;
        ctx.fillRect(0, midY, c.width, 1);
        ctx.fillRect(0, midY + midH - 1, c.width, 1);
        ctx.font = MONO;
        ctx.textAlign = 'left';
        if (bids.length > 0 && asks.length > 0)
        {
            const decimals = decimalsOf(asks[0][0]) + 1;
            const mid = (parseFloat(bids[0][0]) + parseFloat(asks[0][0])) / 2;
            ctx.fillStyle = COLORS.text;
            ctx.fillText(mid.toFixed(decimals), colPrice, midY + midH / 2);
            ctx.fillStyle = COLORS.muted;
            ctx.textAlign = 'right';
            ctx.fillText('mid', colQty, midY + midH / 2);
        }
        else
        {
            ctx.fillStyle = COLORS.muted;
            ctx.fillText(awaitingSnapshot && state.symbol ? 'waiting for snapshot...' : 'empty book', colPrice,
                midY + midH / 2);
        }
        if (state.stale)
        {
            ctx.fillStyle = 'rgba(11, 14, 20, 0.55)';
            ctx.fillRect(0, headH, c.width, c.height - headH);
        }
    }

    function drawRow(ctx, width, y, rowH, level, total, maxQty, isBid, colPrice, colQty, colTotal)
    {
        const qty = parseFloat(level[1]);
        const barW = maxQty > 0 ? Math.max(1, (qty / maxQty) * width) : 0;
        ctx.fillStyle = isBid ? COLORS.bidBar : COLORS.askBar;
        ctx.fillRect(width - barW, y + 1, barW, rowH - 2);
        ctx.font = MONO;
        ctx.textAlign = 'left';
        ctx.fillStyle = isBid ? COLORS.bid : COLORS.ask;
        ctx.fillText(level[0], colPrice, y + rowH / 2);
        ctx.textAlign = 'right';
        ctx.fillStyle = COLORS.text;
        ctx.fillText(level[1], colQty, y + rowH / 2);
        ctx.fillStyle = COLORS.muted;
        ctx.fillText(formatQty(total), colTotal, y + rowH / 2);
    }

    function formatQty(value)
    {
        if (value >= 1e6)
        {
            return (value / 1e6).toFixed(2) + 'M';
        }
        if (value >= 1e4)
        {
            return (value / 1e3).toFixed(1) + 'K';
        }
        return String(Math.round(value * 1e6) / 1e6);
    }

    function drawDepth()
    {
        const c = prepare(el.depthChart, el.depthBox);
        const ctx = c.ctx;
        const left = 52;
        const right = 12;
        const top = 12;
        const bottom = 24;
        const plotW = c.width - left - right;
        const plotH = c.height - top - bottom;
        if (plotW < 10 || plotH < 10)
        {
            return;
        }
        const bids = cumulative(book.bids);
        const asks = cumulative(book.asks);
        if (bids.length === 0 && asks.length === 0)
        {
            ctx.fillStyle = COLORS.muted;
            ctx.font = MONO;
            ctx.textAlign = 'center';
            ctx.textBaseline = 'middle';
            ctx.fillText('no levels', left + plotW / 2, top + plotH / 2);
            return;
        }
        let lo = Infinity;
        let hi = -Infinity;
        let maxTotal = 0;
        bids.concat(asks).forEach(function (p)
        {
            lo = Math.min(lo, p.price);
            hi = Math.max(hi, p.price);
            maxTotal = Math.max(maxTotal, p.total);
        });
        // Centre on the mid price so both sides get the same width.
        if (bids.length > 0 && asks.length > 0)
        {
            const mid = (bids[0].price + asks[0].price) / 2;
            const half = Math.max(mid - lo, hi - mid);
            lo = mid - half;
            hi = mid + half;
        }
        if (hi === lo)
        {
            hi = lo + 1;
        }
        const step = niceStep(maxTotal * 1.05 / 4);
        maxTotal = Math.max(step, Math.ceil(maxTotal * 1.05 / step) * step);
        const x = function (price)
        {
            return left + ((price - lo) / (hi - lo)) * plotW;
        };
        const y = function (total)
        {
            return top + plotH - (total / maxTotal) * plotH;
        };

        // Grid and axes.
        ctx.font = SMALL;
        ctx.textBaseline = 'middle';
        ctx.textAlign = 'right';
        for (let value = 0; value <= maxTotal; value += step)
        {
            const gy = y(value);
            ctx.fillStyle = COLORS.grid;
            ctx.fillRect(left, Math.round(gy), plotW, 1);
            ctx.fillStyle = COLORS.muted;
            ctx.fillText(formatAxis(value), left - 6, gy);
        }
        const decimals = book.asks.length > 0 ? decimalsOf(book.asks[0][0]) :
            (book.bids.length > 0 ? decimalsOf(book.bids[0][0]) : 2);
        ctx.textBaseline = 'top';
        for (let i = 0; i <= 4; i++)
        {
            const price = lo + ((hi - lo) / 4) * i;
            ctx.textAlign = i === 0 ? 'left' : (i === 4 ? 'right' : 'center');
            ctx.fillStyle = COLORS.muted;
            ctx.fillText(price.toFixed(decimals), x(price), top + plotH + 6);
        }
        ctx.fillStyle = COLORS.rule;
        ctx.fillRect(left, top + plotH, plotW, 1);

        drawSide(ctx, bids, x, y, top + plotH, left, COLORS.bid, COLORS.bidFill);
        drawSide(ctx, asks, x, y, top + plotH, left + plotW, COLORS.ask, COLORS.askFill);

        if (bids.length > 0 && asks.length > 0)
        {
            const midX = x((bids[0].price + asks[0].price) / 2);
            ctx.strokeStyle = 'rgba(240, 185, 11, 0.5)';
            ctx.setLineDash([3, 4]);
            ctx.beginPath();
            ctx.moveTo(Math.round(midX) + 0.5, top);
            ctx.lineTo(Math.round(midX) + 0.5, top + plotH);
            ctx.stroke();
            ctx.setLineDash([]);
        }
        if (state.stale)
        {
            ctx.fillStyle = 'rgba(11, 14, 20, 0.55)';
            ctx.fillRect(0, 0, c.width, c.height);
        }
    }

    /** 1, 2, 2.5 or 5 times a power of ten, at least the given step. */
    function niceStep(rough)
    {
        if (!(rough > 0))
        {
            return 1;
        }
        const power = Math.pow(10, Math.floor(Math.log10(rough)));
        const multiples = [1, 2, 2.5, 5, 10];
        for (let i = 0; i < multiples.length; i++)
        {
            if (multiples[i] * power >= rough)
            {
                return multiples[i] * power;
            }
        }
        return 10 * power;
    }

    function formatAxis(value)
    {
        if (value >= 1e6)
        {
            return parseFloat((value / 1e6).toFixed(2)) + 'M';
        }
        if (value >= 1e3)
        {
            return parseFloat((value / 1e3).toFixed(2)) + 'K';
        }
        return String(parseFloat(value.toFixed(3)));
    }

    function cumulative(levels)
    {
        const points = [];
        let total = 0;
        for (let i = 0; i < levels.length; i++)
        {
            total += parseFloat(levels[i][1]);
            points.push({ price: parseFloat(levels[i][0]), total: total });
        }
        return points;
    }

    /**
     * A step line from the best level outwards: each level's total holds until the next, worse, price, and the
     * last one to the edge of the plot (endX).
     */
    function drawSide(ctx, points, x, y, baseY, endX, stroke, fill)
    {
        if (points.length === 0)
        {
            return;
        }
        ctx.beginPath();
        ctx.moveTo(x(points[0].price), baseY);
        for (let i = 0; i < points.length; i++)
        {
            const px = x(points[i].price);
            ctx.lineTo(px, i === 0 ? baseY : y(points[i - 1].total));
            ctx.lineTo(px, y(points[i].total));
        }
        const lastY = y(points[points.length - 1].total);
        ctx.lineTo(endX, lastY);
        ctx.lineTo(endX, baseY);
        ctx.closePath();
        ctx.fillStyle = fill;
        ctx.fill();

        ctx.beginPath();
        ctx.moveTo(x(points[0].price), baseY);
        for (let i = 0; i < points.length; i++)
        {
            const px = x(points[i].price);
            ctx.lineTo(px, i === 0 ? baseY : y(points[i - 1].total));
            ctx.lineTo(px, y(points[i].total));
        }
        ctx.lineTo(endX, lastY);
        ctx.strokeStyle = stroke;
        ctx.lineWidth = 1.5;
        ctx.stroke();
        ctx.lineWidth = 1;
    }

    if (typeof ResizeObserver !== 'undefined')
    {
        const observer = new ResizeObserver(scheduleRender);
        observer.observe(el.ladderBox);
        observer.observe(el.depthBox);
    }
    root.addEventListener('resize', scheduleRender);
    root.setInterval(watchdog, 1000);

    updateStatus();
    scheduleRender();
    connect();
})(typeof window !== 'undefined' ? window : globalThis);
