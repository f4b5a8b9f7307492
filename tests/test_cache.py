"""The build cache and parallel rendering change speed, never output (issue 7)."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from conftest import briefing, run_cli, snapshot, write_site

FILES = {
    "briefgen.toml": 'title = "Cache test"\nitems_per_page = 2\n',
    **{f"content/b{i}.md": briefing(f"Briefing {i}", f"2023-0{1 + i % 9}-1{i % 10}",
                                    f"Body {i}. See [[b{(i + 1) % 6}]].", countries=f"[{['RU', 'GB', 'FR'][i % 3]}]",
                                    topics=f"[{['diplomacy', 'economy'][i % 2]}]")
       for i in range(6)},
}
# An edit of one briefing's body that leaves its summary (its first paragraph) as it was: only its page changes.
BODY_ONLY_EDIT = {"content/b3.md": briefing("Briefing 3", "2023-04-13", "Body 3. See [[b4]].\n\nMore.",
                                            countries="[RU]", topics="[economy]")}
THEME_BASE = Path(__file__).parent.parent / "templates/base.html"


def clean_build(site: Path, out: Path) -> None:
    result = run_cli("build", "--site", site, "--out", out, "--no-cache", "--quiet")
    assert result.returncode == 0, result.stderr


def build_both(site: Path, tmp: Path, name: str) -> None:
    cached = run_cli("build", "--site", site, "--quiet")
    assert cached.returncode == 0, cached.stderr
    clean = run_cli("build", "--site", site, "--out", tmp / name, "--no-cache", "--jobs", "1", "--quiet")
    assert clean.returncode == 0, clean.stderr
    assert snapshot(site / "output") == snapshot(tmp / name), name


def test_cached_builds_equal_clean_builds_after_every_kind_of_change(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    build_both(site, tmp_path, "first")
    build_both(site, tmp_path, "no-change")
    write_site(site, {"content/b1.md": briefing("Briefing 1 renamed", "2023-02-11", "New body.", countries="[DE]",
                                                topics="[energy]")})
    build_both(site, tmp_path, "edit")
    (site / "content/b2.md").unlink()
    write_site(site, {"content/b0.md": briefing("Briefing 0", "2023-01-10", "No more links.", countries="[RU]")})
    build_both(site, tmp_path, "delete")
    write_site(site, {"templates/base.html": THEME_BASE.read_text().replace("Skip to content", "Skip to the briefing")})
    build_both(site, tmp_path, "template")
    assert "Skip to the briefing" in (site / "output/index.html").read_text()
    write_site(site, {"briefgen.toml": 'title = "Renamed site"\nitems_per_page = 3\n'})
    build_both(site, tmp_path, "config")
    assert "Renamed site" in (site / "output/briefings/b3/index.html").read_text()


def test_no_change_rebuild_renders_nothing(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site).returncode == 0
    again = run_cli("build", "--site", site)
    assert "(0 rendered, 0 files changed)" in again.stdout, again.stdout
    # A body edit that changes no summary, title, link or list re-renders that one page.
    write_site(site, {"content/b3.md": briefing("Briefing 3", "2023-04-13", "Body 3. See [[b4]].\n\nA new paragraph.",
                                                countries="[RU]", topics="[economy]")})
    edited = run_cli("build", "--site", site)
    assert edited.returncode == 0
    assert "(1 rendered" in edited.stdout, edited.stdout
    assert "A new paragraph" in (site / "output/briefings/b3/index.html").read_text()


def test_bodies_saved_apart_are_read_only_if_signed_and_made_again_otherwise(tmp_path: Path) -> None:
    """Bodies' HTML is saved one SQLite row per body (issue 15); a row changed by anyone else,
    a missing row, or a schema with more than the table (a trigger) costs speed, never output."""
    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    db = sqlite3.connect(site / ".briefgen-cache/bodies.sqlite")
    keys = [key for (key,) in db.execute("SELECT key FROM bodies ORDER BY key")]
    assert len(keys) == 6
    db.execute("DELETE FROM bodies WHERE key = ?", (keys[0],))
    db.execute("UPDATE bodies SET value = '<p>planted</p><script>alert(1)</script>'")
    db.execute("CREATE TRIGGER planted AFTER DELETE ON bodies BEGIN DELETE FROM bodies; END")
    db.commit()
    db.close()
    # A template change plans every page again, so every body's HTML is asked for.
    write_site(site, {"templates/base.html": THEME_BASE.read_text().replace("Skip to content", "Skip ahead")})
    build_both(site, tmp_path, "planted")
    assert not any(b"planted" in data for data in snapshot(site / "output").values())
    db = sqlite3.connect(site / ".briefgen-cache/bodies.sqlite")
    assert [name for (name,) in db.execute("SELECT name FROM sqlite_master")] == ["bodies"]
    assert db.execute("SELECT count(*) FROM bodies").fetchone() == (6,)
    db.close()


def test_packs_of_records_are_read_only_if_signed(tmp_path: Path) -> None:
    """The cache's per-briefing objects are saved in packs, signed rows of records.sqlite (issue
    15). A pack changed by anyone else, a missing pack, or a trigger planted in the file costs
    speed, never output; an edit adds a pack of the edited briefing's objects only."""
    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    records = site / ".briefgen-cache/records.sqlite"

    def packs() -> dict[str, bytes]:
        db = sqlite3.connect(records)
        found = dict(db.execute("SELECT key, value FROM records"))
        db.close()
        return found

    first = packs()
    assert len(first) == 1
    write_site(site, BODY_ONLY_EDIT)
    build_both(site, tmp_path, "edit")
    assert len(packs()) == 1 and packs().keys() != first.keys()  # a small pack's objects move into the new one
    for name, change in [
        ("changed", "UPDATE records SET value = CAST('not a pack' AS BLOB)"),
        ("missing", "DELETE FROM records"),
        ("trigger", "CREATE TRIGGER planted AFTER INSERT ON records BEGIN DELETE FROM records; END"),
    ]:
        db = sqlite3.connect(records)
        db.execute(change)
        db.commit()
        db.close()
        write_site(site, {"content/b3.md": briefing("Briefing 3", "2023-04-13", f"Body 3 {name}. See [[b4]].",
                                                    countries="[RU]", topics="[economy]")})
        result = run_cli("build", "--site", site)
        assert result.returncode == 0, result.stderr
        assert "(1 rendered" not in result.stdout, (name, result.stdout)  # the cache was not used
        build_both(site, tmp_path, name)
    db = sqlite3.connect(records)
    assert [name for (name,) in db.execute("SELECT name FROM sqlite_master")] == ["records"]
    db.close()


def test_an_edit_writes_a_pack_of_its_own_objects_only(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from briefgen.build import BuildOptions, build
    from briefgen.pipeline import packs

    monkeypatch.setattr(packs, "SMALL_PACK", 2)  # so that the first pack is kept as it is
    site = write_site(tmp_path / "site", FILES)
    build(site, BuildOptions())
    db = sqlite3.connect(site / ".briefgen-cache/records.sqlite")
    [(first, size)] = db.execute("SELECT key, length(value) FROM records").fetchall()
    write_site(site, BODY_ONLY_EDIT)
    assert build(site, BuildOptions()).stats.rendered == 1
    rows = dict(db.execute("SELECT key, length(value) FROM records").fetchall())
    db.close()
    assert len(rows) == 2 and rows[first] == size and sum(rows.values()) < 1.5 * size
    build_both(site, tmp_path, "two packs")


def test_a_damaged_cache_is_ignored(tmp_path: Path) -> None:
    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    (site / ".briefgen-cache/build.pickle").write_bytes(b"not a pickle")
    build_both(site, tmp_path, "damaged")


def test_parallel_rendering_gives_the_same_bytes(tmp_path: Path) -> None:
    many = {f"content/p{i}.md": briefing(f"Page {i}", f"2020-{1 + i % 12:02d}-{1 + i % 28:02d}", f"Text {i}.",
                                         countries=f"[{['RU', 'GB', 'FR', 'DE', 'CN'][i % 5]}]") for i in range(450)}
    site = write_site(tmp_path / "site", many)
    for name, jobs in (("serial", "1"), ("parallel", "2")):
        built = run_cli("build", "--site", site, "--out", tmp_path / name, "--jobs", jobs, "--no-cache", "--quiet")
        assert built.returncode == 0, built.stderr
    assert snapshot(tmp_path / "serial") == snapshot(tmp_path / "parallel")


def test_pages_spilled_to_disk_give_the_same_site(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Big builds write pages to disk as they are rendered (bounded memory), handing freed
    memory back as they go: same bytes."""
    import briefgen.pipeline.pages as pages_module
    import briefgen.pipeline.plan as plan_module
    from briefgen.build import BuildCache, BuildOptions, build

    site = write_site(tmp_path / "site", FILES)
    clean_build(site, tmp_path / "held")
    monkeypatch.setattr(plan_module, "SPILL_MIN_PAGES", 1)
    monkeypatch.setattr(pages_module, "RELEASE_EVERY_PAGES", 2)
    cache = BuildCache()
    build(site, BuildOptions(out_dir=tmp_path / "spilled"), cache=cache)
    assert snapshot(tmp_path / "spilled") == snapshot(tmp_path / "held")
    assert not (tmp_path / ".spilled.spill").exists()
    write_site(site, {"templates/base.html": THEME_BASE.read_text().replace("Skip to content", "Skip")})
    build(site, BuildOptions(out_dir=tmp_path / "spilled"), cache=cache)  # every page again, through the standby tree
    clean_build(site, tmp_path / "held2")
    assert snapshot(tmp_path / "spilled") == snapshot(tmp_path / "held2")


def test_a_big_save_is_split_into_packs_that_load_again(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A save puts at most PACK_OBJECTS objects in one row (one pickle held at a time); the next
    build reads them all back and needs to write nothing."""
    from briefgen.build import BuildOptions, build
    from briefgen.pipeline import packs

    monkeypatch.setattr(packs, "PACK_OBJECTS", 4)
    monkeypatch.setattr(packs, "SMALL_PACK", 1)
    site = write_site(tmp_path / "site", FILES)
    build(site, BuildOptions())
    db = sqlite3.connect(site / ".briefgen-cache/records.sqlite")
    first = dict(db.execute("SELECT key, value FROM records").fetchall())
    assert len(first) >= 4  # 6 briefings: a Briefing, a RenderedBody and a BriefingItem each
    assert build(site, BuildOptions()).stats.written == 0
    assert dict(db.execute("SELECT key, value FROM records").fetchall()) == first  # read, not written again
    db.close()
    write_site(site, BODY_ONLY_EDIT)
    assert build(site, BuildOptions()).stats.rendered == 1
    build_both(site, tmp_path, "packs of four")


def test_bodies_kept_apart_give_the_same_site(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """Huge cold builds keep bodies' HTML in the body store as it is made, not in memory: the same
    bytes, and a row lost on the way is made again from its file."""
    import briefgen.pipeline.bodies as bodies_module
    from briefgen.build import BuildCache, BuildOptions, build
    from briefgen.pipeline.cache import APART
    from briefgen.pipeline.store import BodyStore

    site = write_site(tmp_path / "site", FILES)
    clean_build(site, tmp_path / "held")
    monkeypatch.setattr(bodies_module, "APART_MIN_BODIES", 1)
    cache = BuildCache()
    build(site, BuildOptions(out_dir=tmp_path / "apart"), cache=cache)
    assert snapshot(tmp_path / "apart") == snapshot(tmp_path / "held")
    assert all(body.html == APART for body, _ in cache.markup.bodies.values() if body.html)

    (site / ".briefgen-cache" / "bodies.sqlite").unlink()
    put_many = BodyStore.put_many
    monkeypatch.setattr(BodyStore, "put_many", lambda store, htmls: put_many(store, dict(list(htmls.items())[1:])))
    build(site, BuildOptions(out_dir=tmp_path / "lost", use_cache=False))
    assert snapshot(tmp_path / "lost") == snapshot(tmp_path / "held")


def test_page_digests_do_not_depend_on_what_the_digester_remembers(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """On huge sites the page digester forgets shared objects' digests now and then (bounded
    memory): after an edit that changes lists, the same pages are found changed either way."""
    import briefgen.pipeline.plan as plan_module
    from briefgen.build import BuildOptions, build

    rendered, default = {}, plan_module.DIGESTER_MEMORY
    for memory in (default, 1):  # the first build remembers everything; the rebuild remembers or not
        site = write_site(tmp_path / f"site-{memory}", FILES)
        monkeypatch.setattr(plan_module, "DIGESTER_MEMORY", default)
        build(site, BuildOptions())
        monkeypatch.setattr(plan_module, "DIGESTER_MEMORY", memory)
        write_site(site, {"content/b3.md": briefing("Briefing three", "2023-04-13", "Body 3. See [[b4]].",
                                                    countries="[RU]", topics="[economy]")})
        rendered[memory] = build(site, BuildOptions()).stats.rendered
        build_both(site, tmp_path, f"memory {memory}")
    assert 1 < rendered[1] == rendered[default] < 40, rendered


def test_output_changed_since_the_last_build_is_not_taken_for_its_own(tmp_path: Path) -> None:
    """The persistent cache describes the output the last CLI build left. A watch session (whose
    cache lives in memory) or a person may change output/ after it: the next build must still
    give exactly a clean build's bytes, never keep what it did not make."""
    from briefgen.build import BuildCache, BuildOptions, build

    site = write_site(tmp_path / "site", FILES)
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    # A watch session: an edit is built into output/, then undone after the session ended.
    original = (site / "content/b2.md").read_text()
    watch_cache = BuildCache()
    build(site, BuildOptions(), cache=watch_cache)
    (site / "content/b2.md").write_text(original.replace("Body 2.", "Body 2 with an edit made while watching."))
    build(site, BuildOptions(changed_content=("content/b2.md",)), cache=watch_cache)
    assert "made while watching" in (site / "output/briefings/b2/index.html").read_text()
    (site / "content/b2.md").write_text(original)
    build_both(site, tmp_path, "after-watch")
    assert "made while watching" not in (site / "output/briefings/b2/index.html").read_text()
    # A person deletes one file and edits another inside output/; any later build restores them.
    (site / "output/robots.txt").unlink()
    with open(site / "output/index.html", "a") as handle:
        handle.write("<!-- edited by hand -->")
    os.utime(site / "content/b0.md")  # an input changed too, so the build runs (not only the up-to-date check)
    build_both(site, tmp_path, "after-hand-edits")


# --- The cache is authenticated before it is unpickled (issue 12, item 4) ----------------------

class _Planted:
    """Unpickling this makes a folder: proof that the planted cache ran code."""

    def __init__(self, proof: Path) -> None:
        self.proof = proof

    def __reduce__(self):  # type: ignore[no-untyped-def]
        return (os.mkdir, (str(self.proof),))


def _plant(site: Path, data: bytes) -> None:
    (site / ".briefgen-cache").mkdir(exist_ok=True)
    (site / ".briefgen-cache/build.pickle").write_bytes(data)


def test_a_planted_cache_runs_no_code(tmp_path: Path) -> None:
    """A site from someone else may carry a .briefgen-cache/build.pickle that runs code when
    unpickled. It is not authenticated by this user's key, so it is never unpickled: the build
    runs whole and gives a clean build's bytes."""
    import pickle

    from briefgen.pipeline import store

    site = write_site(tmp_path / "site", FILES)
    for name, data in [
        ("bare", pickle.dumps(_Planted(tmp_path / "proof-bare"))),
        ("stamped", pickle.dumps((store.CACHE_FORMAT, _Planted(tmp_path / "proof-stamped")))),
        ("forged", store.CACHE_MAGIC + bytes(32) + pickle.dumps(_Planted(tmp_path / "proof-forged"))),
    ]:
        _plant(site, data)
        result = run_cli("build", "--site", site)
        assert result.returncode == 0, result.stderr
        assert "(0 rendered" not in result.stdout, name  # nothing was taken from the planted cache
        assert not (tmp_path / f"proof-{name}").exists(), f"the {name} planted pickle ran"
        clean = run_cli("build", "--site", site, "--out", tmp_path / f"clean-{name}", "--no-cache", "--quiet")
        assert clean.returncode == 0, clean.stderr
        assert snapshot(site / "output") == snapshot(tmp_path / f"clean-{name}")


def test_a_cache_signed_with_another_key_is_not_read(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """The key is per user and lives outside the site: a cache made by someone else (with their
    key) is ignored, one made by this user is used."""
    site = write_site(tmp_path / "site", FILES)
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "someone-else"))
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "me"))
    os.utime(site / "content/b0.md")  # so the quick up-to-date check does not answer
    mine = run_cli("build", "--site", site)
    assert mine.returncode == 0 and "(0 rendered" not in mine.stdout, mine.stdout
    os.utime(site / "content/b0.md")
    again = run_cli("build", "--site", site)
    assert again.returncode == 0 and "(0 rendered" in again.stdout, again.stdout


def test_the_key_is_private_and_outside_the_site(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    site = write_site(tmp_path / "site", FILES)
    monkeypatch.delenv("XDG_CACHE_HOME")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    key = tmp_path / "home/.cache/briefgen/cache-key"
    assert key.is_file() and key.stat().st_mode & 0o777 == 0o600 and key.stat().st_size == 32
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg"))
    assert run_cli("build", "--site", site, "--out", tmp_path / "other", "--quiet").returncode == 0
    assert (tmp_path / "xdg/briefgen/cache-key").stat().st_mode & 0o777 == 0o600
    assert not any("cache-key" in p.name for p in site.rglob("*"))


def test_without_a_usable_key_every_build_is_whole_and_correct(tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A key that cannot be made (the cache home is a file) or that others could read is not
    used: no cache is trusted, every build is a whole one, and nothing breaks."""
    site = write_site(tmp_path / "site", FILES)
    (tmp_path / "not-a-folder").write_text("x")
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "not-a-folder"))
    build_both(site, tmp_path, "no-key")
    os.utime(site / "content/b0.md")
    again = run_cli("build", "--site", site)
    assert again.returncode == 0 and "(0 rendered" not in again.stdout, again.stdout
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "shared"))
    # An input changes, so the quick up-to-date check does not answer (it would if the build
    # before started over 2 s after the last change: a slow machine) and the key is made.
    os.utime(site / "content/b0.md")
    assert run_cli("build", "--site", site, "--quiet").returncode == 0
    (tmp_path / "shared/briefgen/cache-key").chmod(0o644)
    os.utime(site / "content/b0.md")
    readable = run_cli("build", "--site", site)
    assert readable.returncode == 0 and "(0 rendered" not in readable.stdout, readable.stdout


def test_cached_objects_come_back_field_for_field() -> None:
    """The cache's objects are rebuilt by fast_pickle's written-out __setstate__: every field, in
    order, for classes of no field, one field or many, and frozen as they were."""
    import dataclasses
    import pickle

    from briefgen.config import SiteConfig, TopicDef
    from briefgen.errors import Location
    from briefgen.markup import MarkupSettings
    from briefgen.records import fast_pickle

    @fast_pickle
    @dataclasses.dataclass(frozen=True, slots=True)
    class NoFields:
        pass

    empty = NoFields.__new__(NoFields)
    empty.__setstate__(())  # what unpickling does; a class defined here cannot be pickled by name
    assert empty.__getstate__() == ()
    objects = (Location("content/a.md", 3), MarkupSettings(allow_html=True),
               TopicDef("floods", "Floods", "Rivers in flood"), SiteConfig(title="Osorno Daily"))
    for original in objects:
        copy = pickle.loads(pickle.dumps(original, protocol=pickle.HIGHEST_PROTOCOL))
        assert copy == original and copy is not original
        assert [getattr(copy, f.name) for f in dataclasses.fields(copy)] == \
            [getattr(original, f.name) for f in dataclasses.fields(original)]
        name = dataclasses.fields(copy)[0].name
        try:
            setattr(copy, name, None)
        except dataclasses.FrozenInstanceError:
            continue
        raise AssertionError(f"{type(copy).__name__} from the cache is not frozen")
