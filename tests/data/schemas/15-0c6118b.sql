-- schema made by reader/migrations at commit 0c6118b: m001_documents, m002_glossary, m003_sentence_search, m003a_drop_early_words_form_index, m004_lexicon_and_vocabulary, m005_users, m006_editing, m007_word_offsets_in_sentences, m008_id_high_water, m009_schema_repair, m010_sentence_text, m011_sentence_fragments, m012_search_over_sentences, m015_jobs, m016_database_identity, m020_sessions, m021_term_versions, m022_document_deletions, m025_editor_checks_redo, m030_shipped_dictionaries, m033_own_meanings, m034_word_corrections, m035_review, m040_collections, m041_reading_positions, m042_epub_drafts, m043_sentence_times, m050_document_texts_last, m053_document_texts, m054_term_offsets_in_sentences, m055_site_settings, m056_reading_days, m057_review_learning_flag
BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'reader','m001_documents','2026-12-03 16:40:23.844518+00:00');
INSERT INTO "_sqlite_migrations" VALUES(2,'reader','m002_glossary','2026-12-03 16:40:23.857835+00:00');
INSERT INTO "_sqlite_migrations" VALUES(3,'reader','m003_sentence_search','2026-12-03 16:40:23.858873+00:00');
INSERT INTO "_sqlite_migrations" VALUES(4,'reader','m003a_drop_early_words_form_index','2026-12-03 16:40:23.859095+00:00');
INSERT INTO "_sqlite_migrations" VALUES(5,'reader','m004_lexicon_and_vocabulary','2026-12-03 16:40:23.859917+00:00');
INSERT INTO "_sqlite_migrations" VALUES(6,'reader','m005_users','2026-12-03 16:40:23.860320+00:00');
INSERT INTO "_sqlite_migrations" VALUES(7,'reader','m006_editing','2026-12-03 16:40:23.861782+00:00');
INSERT INTO "_sqlite_migrations" VALUES(8,'reader','m007_word_offsets_in_sentences','2026-12-03 16:40:23.861955+00:00');
INSERT INTO "_sqlite_migrations" VALUES(9,'reader','m008_id_high_water','2026-12-03 16:40:23.862245+00:00');
INSERT INTO "_sqlite_migrations" VALUES(10,'reader','m009_schema_repair','2026-12-03 16:40:23.862548+00:00');
INSERT INTO "_sqlite_migrations" VALUES(11,'reader','m010_sentence_text','2026-12-03 16:40:23.863215+00:00');
INSERT INTO "_sqlite_migrations" VALUES(12,'reader','m011_sentence_fragments','2026-12-03 16:40:23.864151+00:00');
INSERT INTO "_sqlite_migrations" VALUES(13,'reader','m012_search_over_sentences','2026-12-03 16:40:23.887398+00:00');
INSERT INTO "_sqlite_migrations" VALUES(14,'reader','m015_jobs','2026-12-03 16:40:23.888174+00:00');
INSERT INTO "_sqlite_migrations" VALUES(15,'reader','m016_database_identity','2026-12-03 16:40:23.888420+00:00');
INSERT INTO "_sqlite_migrations" VALUES(16,'reader','m020_sessions','2026-12-03 16:40:23.889036+00:00');
INSERT INTO "_sqlite_migrations" VALUES(17,'reader','m021_term_versions','2026-12-03 16:40:23.889445+00:00');
INSERT INTO "_sqlite_migrations" VALUES(18,'reader','m022_document_deletions','2026-12-03 16:40:23.889846+00:00');
INSERT INTO "_sqlite_migrations" VALUES(19,'reader','m025_editor_checks_redo','2026-12-03 16:40:23.894533+00:00');
INSERT INTO "_sqlite_migrations" VALUES(20,'reader','m030_shipped_dictionaries','2026-12-03 16:40:23.896026+00:00');
INSERT INTO "_sqlite_migrations" VALUES(21,'reader','m033_own_meanings','2026-12-03 16:40:23.896374+00:00');
INSERT INTO "_sqlite_migrations" VALUES(22,'reader','m034_word_corrections','2026-12-03 16:40:23.896591+00:00');
INSERT INTO "_sqlite_migrations" VALUES(23,'reader','m035_review','2026-12-03 16:40:23.896857+00:00');
INSERT INTO "_sqlite_migrations" VALUES(24,'reader','m040_collections','2026-12-03 16:40:23.897177+00:00');
INSERT INTO "_sqlite_migrations" VALUES(25,'reader','m041_reading_positions','2026-12-03 16:40:23.897402+00:00');
INSERT INTO "_sqlite_migrations" VALUES(26,'reader','m042_epub_drafts','2026-12-03 16:40:23.898049+00:00');
INSERT INTO "_sqlite_migrations" VALUES(27,'reader','m043_sentence_times','2026-12-03 16:40:23.900003+00:00');
INSERT INTO "_sqlite_migrations" VALUES(28,'reader','m050_document_texts_last','2026-12-03 16:40:23.906765+00:00');
INSERT INTO "_sqlite_migrations" VALUES(29,'reader','m053_document_texts','2026-12-03 16:40:23.911187+00:00');
INSERT INTO "_sqlite_migrations" VALUES(30,'reader','m054_term_offsets_in_sentences','2026-12-03 16:40:23.911452+00:00');
INSERT INTO "_sqlite_migrations" VALUES(31,'reader','m055_site_settings','2026-12-03 16:40:23.911647+00:00');
INSERT INTO "_sqlite_migrations" VALUES(32,'reader','m056_reading_days','2026-12-03 16:40:23.911847+00:00');
INSERT INTO "_sqlite_migrations" VALUES(33,'reader','m057_review_learning_flag','2026-12-03 16:40:23.912577+00:00');
CREATE TABLE "check_dismissals" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "link_id" INTEGER NOT NULL,
   "kind" TEXT NOT NULL,
   "evidence" TEXT NOT NULL,
   "reason" TEXT NOT NULL,
   "user_id" INTEGER,
   "at" TEXT NOT NULL
);
CREATE TABLE collection_items (document_id integer primary key, collection_id integer not null, position integer not null, chapter text);
CREATE TABLE collections (id integer primary key, title text not null, title_en text, source text, created_by integer, created_at text not null);
CREATE TABLE database_identity (value text not null);
INSERT INTO "database_identity" VALUES('28fcddd01094d912');
CREATE TABLE "dismissed_candidates" (
   "form" TEXT PRIMARY KEY
);
CREATE TABLE document_deletions (id integer primary key, document_id integer not null, title text not null, user_id integer, at text not null, details text not null);
CREATE TABLE document_texts (id integer primary key, document_id integer not null references documents(id), lang text not null, seq integer not null, length integer not null, text text not null);
CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "title" TEXT NOT NULL,
   "title_en" TEXT,
   "source" TEXT,
   "page_count" INTEGER NOT NULL,
   "created_at" TEXT NOT NULL,
   "version" INTEGER NOT NULL DEFAULT '1',
   "created_by" INTEGER);
CREATE TABLE "edits" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "user_id" INTEGER,
   "at" TEXT NOT NULL,
   "operation" TEXT NOT NULL,
   "details" TEXT NOT NULL,
   "undo" TEXT NOT NULL,
   "undone" INTEGER NOT NULL DEFAULT 0,
   "version" INTEGER NOT NULL
, redo_of integer);
CREATE TABLE epub_drafts (id integer primary key, owner integer, title text not null, title_en text, source text, chapters text not null, pairing text not null, collection_id integer, job_id integer, created_at text not null);
CREATE TABLE "id_high_water" (
   "name" TEXT PRIMARY KEY,
   "value" INTEGER NOT NULL
);
CREATE TABLE "jobs" (
   "id" INTEGER PRIMARY KEY,
   "kind" TEXT NOT NULL,
   "payload" TEXT NOT NULL,
   "owner" INTEGER,
   "document_id" INTEGER,
   "state" TEXT NOT NULL DEFAULT 'queued',
   "done" INTEGER NOT NULL DEFAULT 0,
   "total" INTEGER NOT NULL DEFAULT 0,
   "result" TEXT,
   "error" TEXT,
   "attempts" INTEGER NOT NULL DEFAULT 0,
   "worker" TEXT,
   "heartbeat" REAL,
   "created_at" TEXT NOT NULL,
   "started_at" TEXT,
   "finished_at" TEXT
);
CREATE TABLE "lexicon" (
   "id" INTEGER PRIMARY KEY,
   "form" TEXT NOT NULL,
   "pos" TEXT,
   "glosses" TEXT NOT NULL,
   "source" TEXT NOT NULL
, "edited_at" TEXT);
CREATE TABLE "links" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "idx" INTEGER NOT NULL,
   "page" INTEGER NOT NULL,
   "score" REAL,
   "status" TEXT NOT NULL
, "note" TEXT);
CREATE TABLE login_failures (key text not null, at real not null);
CREATE TABLE "notes" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "lang" TEXT NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL,
   "text" TEXT NOT NULL
);
CREATE TABLE own_meanings ( owner text not null, form text not null, kind text not null default 'word' check (kind in ('word', 'expression')), parts text not null default '[]', meaning text not null default '', note text not null default '', document_id integer, sentence_id integer, updated_at text not null, primary key (owner, form));
CREATE TABLE "paragraphs" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "lang" TEXT NOT NULL,
   "idx" INTEGER NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL
, heading integer not null default 0);
CREATE TABLE reading_days (owner text not null, day text not null, looked_up integer not null default 0, marked integer not null default 0, known integer not null default 0, primary key (owner, day));
CREATE TABLE reading_positions (owner text not null, document_id integer not null, page integer not null, sentence_id integer, updated_at text not null, primary key (owner, document_id));
CREATE TABLE "render_generations" (
   "scope" TEXT PRIMARY KEY,
   "generation" INTEGER NOT NULL
);
CREATE TABLE review_cards (id integer primary key, owner text not null, form text not null, card text, due text not null, reviews integer not null default 0, updated_at text not null, learning integer not null default 0, unique (owner, form));
CREATE TABLE "sentence_fragments" (
   "sentence_id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL,
   "html" TEXT NOT NULL,
   "marks" TEXT NOT NULL
);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table','sentence_search','sentence_search',0,'CREATE VIRTUAL TABLE sentence_search using fts5(text, content = ''sentence_search_content'', content_rowid = ''id'', tokenize = ''unicode61 remove_diacritics 0'')');
CREATE TABLE 'sentence_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO "sentence_search_config" VALUES('version',4);
CREATE TABLE 'sentence_search_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO "sentence_search_data" VALUES(1,X'0000');
INSERT INTO "sentence_search_data" VALUES(10,X'00000000000000');
CREATE TABLE 'sentence_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'sentence_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE sentence_times (sentence_id integer primary key, start_ms integer not null, end_ms integer not null);
CREATE TABLE "sentences" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "paragraph_id" INTEGER NOT NULL REFERENCES "paragraphs"("id"),
   "link_id" INTEGER NOT NULL REFERENCES "links"("id"),
   "lang" TEXT NOT NULL,
   "idx" INTEGER NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL
, text text not null default '');
CREATE TABLE sessions (token_hash text primary key, user_id integer not null references users(id), created_at real not null);
CREATE TABLE "shipped_dictionaries" (
   "source" TEXT PRIMARY KEY,
   "version" TEXT NOT NULL,
   "entries" INTEGER NOT NULL,
   "loaded_at" TEXT NOT NULL
);
CREATE TABLE site_settings (name text primary key, value text not null, updated_at text not null);
CREATE TABLE "term_occurrences" (
   "id" INTEGER PRIMARY KEY,
   "term_id" INTEGER NOT NULL REFERENCES "terms"("id"),
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "sentence_id" INTEGER NOT NULL REFERENCES "sentences"("id"),
   "lang" TEXT NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL
);
CREATE TABLE "terms" (
   "id" INTEGER PRIMARY KEY,
   "vi" TEXT NOT NULL,
   "en" TEXT NOT NULL,
   "category" TEXT NOT NULL,
   "definition_en" TEXT NOT NULL,
   "definition_vi" TEXT NOT NULL,
   "note" TEXT,
   "vi_variants" TEXT NOT NULL,
   "en_variants" TEXT NOT NULL,
   "search" TEXT NOT NULL,
   "occurrences" INTEGER DEFAULT 0
, version integer not null default 1);
CREATE TABLE "users" (
   "id" INTEGER PRIMARY KEY,
   "username" TEXT NOT NULL,
   "password_hash" TEXT NOT NULL,
   "role" TEXT NOT NULL,
   "created_at" TEXT NOT NULL
, disabled integer not null default 0);
CREATE TABLE word_corrections ( id integer primary key, syllables text not null unique, words text not null, source text not null default 'project' check (source in ('project', 'shipped')), active integer not null default 1, user_id integer, updated_at text not null);
CREATE TABLE "word_statuses" (
   "owner" TEXT,
   "form" TEXT,
   "status" TEXT NOT NULL,
   "document_id" INTEGER,
   "sentence_id" INTEGER,
   "updated_at" TEXT NOT NULL,
   PRIMARY KEY ("owner", "form")
);
CREATE TABLE "words" (
   "id" INTEGER PRIMARY KEY,
   "sentence_id" INTEGER NOT NULL REFERENCES "sentences"("id"),
   "idx" INTEGER NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL,
   "kind" TEXT NOT NULL,
   "form" TEXT NOT NULL
);
CREATE UNIQUE INDEX "idx__sqlite_migrations_migration_set_name"
    ON "_sqlite_migrations" ("migration_set", "name");
CREATE UNIQUE INDEX "idx_links_document_id_page_idx"
    ON "links" ("document_id", "page", "idx");
CREATE UNIQUE INDEX "idx_paragraphs_document_id_lang_idx"
    ON "paragraphs" ("document_id", "lang", "idx");
CREATE UNIQUE INDEX "idx_sentences_document_id_lang_idx"
    ON "sentences" ("document_id", "lang", "idx");
CREATE INDEX "idx_sentences_link_id"
    ON "sentences" ("link_id");
CREATE UNIQUE INDEX "idx_words_sentence_id_idx"
    ON "words" ("sentence_id", "idx");
CREATE INDEX "idx_notes_document_id_lang_char_start"
    ON "notes" ("document_id", "lang", "char_start");
CREATE VIEW "alignment" AS 
        select links.id as link_id, links.document_id, links.idx, links.page, links.score, links.status,
          (select json_group_array(id) from (select id from sentences
             where link_id = links.id and lang = 'vi' order by idx)) as vi_sentence_ids,
          (select json_group_array(id) from (select id from sentences
             where link_id = links.id and lang = 'en' order by idx)) as en_sentence_ids
        from links;
CREATE UNIQUE INDEX "idx_terms_vi"
    ON "terms" ("vi");
CREATE INDEX "idx_term_occurrences_sentence_id"
    ON "term_occurrences" ("sentence_id");
CREATE INDEX "idx_term_occurrences_term_id"
    ON "term_occurrences" ("term_id");
CREATE INDEX "idx_term_occurrences_document_id"
    ON "term_occurrences" ("document_id");
CREATE INDEX "idx_lexicon_form"
    ON "lexicon" ("form");
CREATE INDEX "idx_lexicon_source"
    ON "lexicon" ("source");
CREATE INDEX "idx_words_form"
    ON "words" ("form");
CREATE UNIQUE INDEX "idx_users_username"
    ON "users" ("username");
CREATE INDEX "idx_edits_document_id_id"
    ON "edits" ("document_id", "id");
CREATE INDEX "idx_links_document_id_idx"
    ON "links" ("document_id", "idx");
CREATE INDEX "idx_sentence_fragments_document_id"
    ON "sentence_fragments" ("document_id");
CREATE VIEW sentence_search_content as select id, fold(text) as text from sentences;
CREATE INDEX "idx_jobs_state_id"
    ON "jobs" ("state", "id");
CREATE INDEX "idx_jobs_owner_id"
    ON "jobs" ("owner", "id");
CREATE INDEX sessions_user on sessions (user_id);
CREATE INDEX login_failures_key_at on login_failures (key, at);
CREATE INDEX "idx_check_dismissals_link_id"
    ON "check_dismissals" ("link_id");
CREATE INDEX own_meanings_expressions on own_meanings (owner, kind);
CREATE INDEX review_cards_owner_due on review_cards (owner, due);
CREATE INDEX collection_items_order on collection_items (collection_id, position);
CREATE UNIQUE INDEX collection_items_chapter on collection_items (collection_id, chapter);
CREATE INDEX reading_positions_recent on reading_positions (owner, updated_at);
CREATE INDEX idx_document_texts_document_id_lang_seq_length on document_texts (document_id, lang, seq, length);
CREATE INDEX review_cards_learning_due on review_cards (owner, learning, due);
CREATE INDEX word_statuses_owner_status on word_statuses (owner, status);
PRAGMA writable_schema=OFF;
COMMIT;
