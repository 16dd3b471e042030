"""The case database's schema, as an ordered list of migrations.

Migration N (1-based) moves a database from ``user_version`` N-1 to N. Never edit a migration
that has shipped; add a new one.
"""

MIGRATIONS: list[str] = [
    # 1: the first schema.
    """
    CREATE TABLE case_info (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    );

    -- Every number met in the case, normalised (E.164 where it can be).
    CREATE TABLE parties (
        id INTEGER PRIMARY KEY,
        number TEXT NOT NULL UNIQUE,
        role TEXT NOT NULL DEFAULT 'unknown'
            CHECK (role IN ('self', 'collector', 'third-party', 'unknown')),
        platform TEXT,          -- collectors: the creditor or platform they collect for
        relation TEXT,          -- third parties: mother, employer, ...
        name TEXT,              -- what the borrower calls them
        contact_name TEXT       -- the name a phone's address book gave them, if any
    );

    -- Every original file, named in the vault by its SHA-256.
    CREATE TABLE evidence (
        id INTEGER PRIMARY KEY,
        sha256 TEXT NOT NULL UNIQUE CHECK (length(sha256) = 64),
        kind TEXT NOT NULL,     -- recording, image, call-log, messages, attachment, metadata
        format TEXT NOT NULL,   -- mp3, amr-nb, png, sbr-calls, csv-calls, ...
        name TEXT NOT NULL,     -- the file's name when imported
        size INTEGER NOT NULL,
        owner TEXT NOT NULL,    -- whose phone it came from: 'self' or an E.164 number
        source_path TEXT,       -- where it was imported from
        source_mtime_ms INTEGER,
        imported_at_ms INTEGER NOT NULL,
        at_ms INTEGER,          -- when its content was made, if known
        at_source TEXT,
        at_trust TEXT,
        parent_sha256 TEXT REFERENCES evidence (sha256),  -- embedded in another original
        parent_locator TEXT,
        meta TEXT NOT NULL DEFAULT '{}'  -- JSON: duration, codec, width, height, problems, ...
    );
    CREATE INDEX evidence_parent ON evidence (parent_sha256);
    CREATE TRIGGER evidence_no_delete BEFORE DELETE ON evidence
    BEGIN SELECT RAISE(ABORT, 'originals are never removed from a case'); END;
    CREATE TRIGGER evidence_fixed BEFORE UPDATE OF id, sha256, size, kind, format, name ON evidence
    BEGIN SELECT RAISE(ABORT, 'an original''s identity never changes'); END;

    -- Calls and messages: one row per real-world event, however many files mention it.
    CREATE TABLE events (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('call', 'message')),
        owner TEXT NOT NULL,
        party_id INTEGER NOT NULL REFERENCES parties (id),
        -- 'unknown' only for a call known from a recording whose name does not say
        direction TEXT NOT NULL CHECK (direction IN ('in', 'out', 'unknown')),
        at_ms INTEGER NOT NULL,
        at_source TEXT NOT NULL,
        at_trust TEXT NOT NULL,
        at_precision_s INTEGER NOT NULL DEFAULT 1,
        status TEXT,            -- calls: answered, outgoing, missed, rejected, blocked, ...
        connected INTEGER,      -- calls: 1 when the call was answered (or recorded)
        duration REAL,          -- calls: seconds
        text TEXT,              -- messages
        note TEXT               -- the borrower's own words
    );
    CREATE INDEX events_at ON events (at_ms);

    -- What one original (or the borrower, for manual entries) says about one event.
    CREATE TABLE observations (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events (id),
        evidence_id INTEGER REFERENCES evidence (id),  -- NULL: entered by the borrower
        locator TEXT NOT NULL,  -- where in the original: "call 17", "row 5", "file name"
        source TEXT NOT NULL CHECK (source IN ('log', 'recording', 'messages', 'manual')),
        at_ms INTEGER NOT NULL,
        precision_s INTEGER NOT NULL DEFAULT 1,
        direction TEXT NOT NULL,
        status TEXT,
        duration REAL,
        text TEXT,
        contact_name TEXT,
        date_sent_ms INTEGER
    );
    CREATE INDEX observations_event ON observations (event_id);

    -- Originals tied to an event beyond what its observations say (MMS images, sidecars).
    CREATE TABLE event_links (
        event_id INTEGER NOT NULL REFERENCES events (id),
        evidence_id INTEGER NOT NULL REFERENCES evidence (id),
        PRIMARY KEY (event_id, evidence_id)
    );

    CREATE TABLE debts (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,
        principal TEXT NOT NULL,        -- decimal as text: money is never a float
        annual_rate TEXT NOT NULL,      -- percent, decimal as text
        contract_date TEXT,             -- YYYY-MM-DD
        lender_type TEXT,
        note TEXT,
        created_at_ms INTEGER NOT NULL
    );

    -- Append-only chain of custody; each entry's hash covers the one before.
    CREATE TABLE custody (
        seq INTEGER PRIMARY KEY,
        at_ms INTEGER NOT NULL,
        action TEXT NOT NULL,
        detail TEXT NOT NULL,   -- canonical JSON
        prev_hash TEXT NOT NULL,
        hash TEXT NOT NULL UNIQUE
    );
    CREATE TRIGGER custody_no_update BEFORE UPDATE ON custody
    BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
    CREATE TRIGGER custody_no_delete BEFORE DELETE ON custody
    BEGIN SELECT RAISE(ABORT, 'the custody log is append-only'); END;
    """,
    # 2: a case's own rule thresholds (rule id, parameter, JSON value).
    """
    CREATE TABLE rule_settings (
        rule TEXT NOT NULL,
        param TEXT NOT NULL,
        value TEXT NOT NULL,
        PRIMARY KEY (rule, param)
    );
    """,
    # 3: events by time with their party, so that the timeline's matcher finds one party's
    # events near a time from the index alone, whatever the order of a file's rows.
    """
    DROP INDEX events_at;
    CREATE INDEX events_at ON events (at_ms, party_id);
    """,
    # 4: what screenshots say (OCR), derived data of an original image kept beside it, never a
    # change to it; observations may come from a screenshot ('screenshot': a message or call
    # read off it, its locator naming the lines).
    """
    CREATE TABLE screen_reads (
        evidence_id INTEGER PRIMARY KEY REFERENCES evidence (id),
        sha256 TEXT NOT NULL,     -- the original's SHA-256: the reading is tied to its bytes
        engine TEXT NOT NULL,     -- e.g. "rapidocr 3.10.0 (onnxruntime 1.32.0)"
        model TEXT NOT NULL,      -- e.g. "PP-OCRv6_det_small + PP-OCRv6_rec_small"
        read_at_ms INTEGER NOT NULL,
        width INTEGER NOT NULL,
        height INTEGER NOT NULL,
        kind TEXT NOT NULL CHECK (kind IN ('chat', 'call-list', 'other')),
        app TEXT,                 -- sms, wechat, qq, lender, dialer, when it can be told
        counterpart TEXT,         -- a chat's other side as its header shows it
        meta TEXT NOT NULL DEFAULT '{}'  -- JSON: unplaced messages, times' derivation, ...
    );
    CREATE TABLE screen_lines (
        evidence_id INTEGER NOT NULL REFERENCES screen_reads (evidence_id),
        line INTEGER NOT NULL,    -- 1-based, in reading order
        text TEXT NOT NULL,
        x0 INTEGER NOT NULL, y0 INTEGER NOT NULL, x1 INTEGER NOT NULL, y1 INTEGER NOT NULL,
        score REAL NOT NULL,      -- the engine's confidence, 0..1
        role TEXT,                -- status-bar, header, time, message, call, chrome, text
        PRIMARY KEY (evidence_id, line)
    ) WITHOUT ROWID;

    CREATE TABLE observations_new (
        id INTEGER PRIMARY KEY,
        event_id INTEGER NOT NULL REFERENCES events (id),
        evidence_id INTEGER REFERENCES evidence (id),
        locator TEXT NOT NULL,
        source TEXT NOT NULL
            CHECK (source IN ('log', 'recording', 'messages', 'manual', 'screenshot')),
        at_ms INTEGER NOT NULL,
        precision_s INTEGER NOT NULL DEFAULT 1,
        direction TEXT NOT NULL,
        status TEXT,
        duration REAL,
        text TEXT,
        contact_name TEXT,
        date_sent_ms INTEGER
    );
    INSERT INTO observations_new SELECT * FROM observations;
    DROP TABLE observations;
    ALTER TABLE observations_new RENAME TO observations;
    CREATE INDEX observations_event ON observations (event_id);
    """,
    # 5: the lender behind a debt, named as the contract names it: its full legal name (for a
    # complaint and the legal grounds that bind it) and, for a loan arranged by a platform
    # (助贷), the funding institution that lent the money.
    """
    ALTER TABLE debts ADD COLUMN lender TEXT;
    ALTER TABLE debts ADD COLUMN funder TEXT;
    """,
    # 6: where the evidence came from (原始载体与提取说明), as the borrower states it: the
    # phones, and each export made off one (how, when, by whom, which files).
    """
    CREATE TABLE devices (
        id INTEGER PRIMARY KEY,
        label TEXT NOT NULL UNIQUE,     -- the borrower's short name for it: "my phone"
        owner TEXT NOT NULL DEFAULT 'self',  -- whose phone, as evidence.owner names it
        owner_name TEXT,                -- the owner's name as the borrower writes it
        make TEXT,
        model TEXT,
        number TEXT,                    -- its phone number as entered
        note TEXT,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE extractions (
        id INTEGER PRIMARY KEY,
        device_id INTEGER NOT NULL REFERENCES devices (id),
        method TEXT NOT NULL,           -- app or tool, and what it wrote
        made_at TEXT,                   -- YYYY-MM-DD or YYYY-MM-DDTHH:MM, local
        made_by TEXT,
        files TEXT,                     -- pattern over the originals it covers; NULL: all
        note TEXT,
        created_at_ms INTEGER NOT NULL
    );
    """,
    # 7: trusted time: the RFC 3161 tokens obtained after imports, each with the exact bytes it
    # stamped (the sorted hash list of the originals it covers) and the TSA's certificate chain
    # (evidence_logger/trusted_time/store.py).
    """
    CREATE TABLE timestamps (
        id INTEGER PRIMARY KEY,
        kind TEXT NOT NULL CHECK (kind IN ('import', 'export')),
        message BLOB NOT NULL,       -- the stamped bytes: sorted SHA-256 hex, one a line
        token BLOB NOT NULL,         -- the TSA's answer, a DER TimeStampResp
        chain_pem TEXT NOT NULL,     -- the TSA's certificates, root included
        tsa_url TEXT NOT NULL,
        tsa_name TEXT NOT NULL,      -- the signing certificate's common name
        time_ms INTEGER NOT NULL,    -- the TSA's time (genTime), UTC
        requested_at_ms INTEGER NOT NULL
    );
    """,
    # 8: the borrower's way out: a debt whole (what was paid out, fees, what is due and when,
    # whether it is reported to the credit reference centre, the borrower's own rank), the
    # negotiation record with the calls and messages that show it, and the household budget
    # of the repayment plan (with the days of silence after which the Overview warns).
    """
    ALTER TABLE debts ADD COLUMN received TEXT;      -- paid out to the borrower (decimal)
    ALTER TABLE debts ADD COLUMN fees TEXT;          -- up-front fees: 服务费, 担保费, 会员费
    ALTER TABLE debts ADD COLUMN repaid TEXT;        -- repaid so far (decimal)
    ALTER TABLE debts ADD COLUMN reported TEXT NOT NULL DEFAULT 'unknown'
        CHECK (reported IN ('yes', 'no', 'unknown'));  -- in the credit reference centre
    ALTER TABLE debts ADD COLUMN user_rank INTEGER;  -- the borrower's own place in the order
    CREATE TABLE debt_dues (
        debt_id INTEGER NOT NULL REFERENCES debts (id),
        seq INTEGER NOT NULL,
        due_date TEXT NOT NULL,   -- YYYY-MM-DD
        amount TEXT NOT NULL,     -- decimal as text
        PRIMARY KEY (debt_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE negotiations (
        id INTEGER PRIMARY KEY,
        platform TEXT NOT NULL,   -- the creditor as the debts name it
        at_ms INTEGER NOT NULL,
        channel TEXT NOT NULL CHECK (channel IN ('call', 'sms', 'app', 'letter', 'visit')),
        counterpart TEXT,         -- with whom (an agent's name or number)
        asked TEXT NOT NULL,      -- instalments, a stop of interest, a waiver of penalties
        offered TEXT,
        outcome TEXT,
        created_at_ms INTEGER NOT NULL
    );
    CREATE TABLE negotiation_events (
        negotiation_id INTEGER NOT NULL REFERENCES negotiations (id),
        event_id INTEGER NOT NULL REFERENCES events (id),
        PRIMARY KEY (negotiation_id, event_id)
    ) WITHOUT ROWID;
    CREATE TABLE budget (
        id INTEGER PRIMARY KEY CHECK (id = 1),
        income TEXT,              -- a month's income (decimal)
        expenses TEXT,            -- a month's essential expenses (decimal)
        hardship TEXT,            -- the reason, in the borrower's words, for the letters
        silence_days INTEGER NOT NULL DEFAULT 30,
        updated_at_ms INTEGER NOT NULL
    );
    """,
    # 9: who a collector number belongs to and on what basis (号码归属): links the borrower
    # confirmed from a message signed 【平台名】 or naming the platform ('signature', 'named',
    # with the event), or the borrower's own statement ('statement', with their words).
    """
    CREATE TABLE attributions (
        id INTEGER PRIMARY KEY,
        party_id INTEGER NOT NULL REFERENCES parties (id),
        platform TEXT NOT NULL,
        basis TEXT NOT NULL CHECK (basis IN ('signature', 'named', 'statement')),
        event_id INTEGER,         -- the message it rests on (no foreign key: re-reading a
                                  -- screenshot may replace its events)
        evidence TEXT,            -- JSON: the SHA-256 of that message's originals when confirmed
        statement TEXT,
        confirmed_at_ms INTEGER NOT NULL
    );
    CREATE UNIQUE INDEX attributions_link
        ON attributions (party_id, platform, basis, coalesce(event_id, 0));
    """,
    # 10: what recordings say (speech to text): a transcript per recording, derived data of the
    # original (its SHA-256), with the engine and model that made it; its segments with start and
    # end times, the machine's text kept, the borrower's correction beside it.
    """
    CREATE TABLE transcripts (
        evidence_id INTEGER PRIMARY KEY REFERENCES evidence (id),
        sha256 TEXT NOT NULL,
        engine TEXT NOT NULL,     -- e.g. "sherpa-onnx 2.0.1"
        model TEXT NOT NULL,      -- e.g. "sense-voice-zh-en-ja-ko-yue-int8"
        language TEXT,
        duration_ms INTEGER NOT NULL,
        made_at_ms INTEGER NOT NULL
    );
    CREATE TABLE transcript_segments (
        evidence_id INTEGER NOT NULL REFERENCES transcripts (evidence_id),
        seq INTEGER NOT NULL,
        start_ms INTEGER NOT NULL,
        end_ms INTEGER NOT NULL,
        text TEXT NOT NULL,       -- as the machine heard it, never changed
        corrected TEXT,           -- the borrower's correction, beside it
        corrected_at_ms INTEGER,
        PRIMARY KEY (evidence_id, seq)
    ) WITHOUT ROWID;
    """,
]
