-- schema made by reader/migrations.py at commit 6319020: m001_documents, m002_glossary, m003_sentence_search, m004_lexicon_and_vocabulary
BEGIN TRANSACTION;
CREATE TABLE "_sqlite_migrations" (
   "id" INTEGER PRIMARY KEY,
   "migration_set" TEXT,
   "name" TEXT,
   "applied_at" TEXT
);
INSERT INTO "_sqlite_migrations" VALUES(1,'reader','m001_documents','2026-11-01 00:00:00+00:00');
INSERT INTO "_sqlite_migrations" VALUES(2,'reader','m002_glossary','2026-11-01 00:00:00+00:00');
INSERT INTO "_sqlite_migrations" VALUES(3,'reader','m003_sentence_search','2026-11-01 00:00:00+00:00');
INSERT INTO "_sqlite_migrations" VALUES(4,'reader','m004_lexicon_and_vocabulary','2026-11-01 00:00:00+00:00');
CREATE TABLE "dismissed_candidates" (
   "form" TEXT PRIMARY KEY
);
CREATE TABLE "documents" (
   "id" INTEGER PRIMARY KEY,
   "title" TEXT NOT NULL,
   "title_en" TEXT,
   "source" TEXT,
   "vi_text" TEXT NOT NULL,
   "en_text" TEXT NOT NULL,
   "page_count" INTEGER NOT NULL,
   "created_at" TEXT NOT NULL
);
CREATE TABLE "lexicon" (
   "id" INTEGER PRIMARY KEY,
   "form" TEXT NOT NULL,
   "pos" TEXT,
   "glosses" TEXT NOT NULL,
   "source" TEXT NOT NULL
);
CREATE TABLE "links" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "idx" INTEGER NOT NULL,
   "page" INTEGER NOT NULL,
   "score" REAL,
   "status" TEXT NOT NULL
);
CREATE TABLE "notes" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "lang" TEXT NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL,
   "text" TEXT NOT NULL
);
CREATE TABLE "paragraphs" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "lang" TEXT NOT NULL,
   "idx" INTEGER NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL
);
PRAGMA writable_schema=ON;
INSERT INTO sqlite_master(type,name,tbl_name,rootpage,sql)VALUES('table','sentence_search','sentence_search',0,'CREATE VIRTUAL TABLE sentence_search using fts5(text, tokenize = ''unicode61 remove_diacritics 0'')');
CREATE TABLE 'sentence_search_config'(k PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO "sentence_search_config" VALUES('version',4);
CREATE TABLE 'sentence_search_content'(id INTEGER PRIMARY KEY, c0);
CREATE TABLE 'sentence_search_data'(id INTEGER PRIMARY KEY, block BLOB);
INSERT INTO "sentence_search_data" VALUES(1,X'');
INSERT INTO "sentence_search_data" VALUES(10,X'00000000000000');
CREATE TABLE 'sentence_search_docsize'(id INTEGER PRIMARY KEY, sz BLOB);
CREATE TABLE 'sentence_search_idx'(segid, term, pgno, PRIMARY KEY(segid, term)) WITHOUT ROWID;
CREATE TABLE "sentences" (
   "id" INTEGER PRIMARY KEY,
   "document_id" INTEGER NOT NULL REFERENCES "documents"("id"),
   "paragraph_id" INTEGER NOT NULL REFERENCES "paragraphs"("id"),
   "link_id" INTEGER NOT NULL REFERENCES "links"("id"),
   "lang" TEXT NOT NULL,
   "idx" INTEGER NOT NULL,
   "char_start" INTEGER NOT NULL,
   "char_end" INTEGER NOT NULL
);
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
);
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
PRAGMA writable_schema=OFF;
COMMIT;
