"""The whole generator: read → merge → enrich → render → write."""

from __future__ import annotations

import gc
import os
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from . import benchmarks, feeds, history, manifest, mentions, previews, related, sources, topics
from . import map as atlas_map
from .export import rejected_count, report_json, write_papers_json
from .fingerprint import BuildManifest, input_fingerprint, report_from_json
from .merge import merge_entries
from .model import Atlas, Listing, Paper, Report
from .page_workers import write_pages
from .pages import GENERATED_DIRS, GENERATED_FILES, SitePages, is_continuation, listing_slug
from .parallel import Background, in_background
from .progress import progress
from .registry import load_registry
from .stages import NoStages, Stages
from .taxonomy import TAXONOMY_DIR, DataFileError, load_topics
from .text import urls_in
from .write import write_if_changed, write_tree


class BuildError(Exception):
    """The build cannot go on; the message is one sentence for the user."""


class RejectedEntries(BuildError):
    """--strict and some entries (or files) were rejected; the site was still written."""

    def __init__(self, report: Report) -> None:
        super().__init__(f"{rejected_count(report)} rejected (see data/build-report.json), "
                         "and --strict does not allow that")
        self.report = report


@dataclass
class BuildOptions:
    seeds: Path = Path("seeds")
    docs: Path = Path("docs")
    taxonomy: Path = TAXONOMY_DIR
    site_url: str = ""
    directory_urls: bool = True  # the site's URL style (mkdocs.yml `use_directory_urls`)
    strict: bool = False
    extra_inputs: list[Path] = field(default_factory=list)
    manifest: Path | None = None  # the URL manifest (urls.yml) to keep up to date; None: no redirects
    # The first-seen day of papers that neither the manifest nor git dates (history.py); None: the build's day.
    fallback_day: str | None = None


def read_seeds(folder: Path, report: Report) -> list[Listing]:
    """Every listing of the seeds folder; what cannot be read goes to the report."""
    if not folder.exists():
        raise BuildError(f"{folder}: the seeds folder does not exist")
    if not folder.is_dir():
        raise BuildError(f"{folder}: the seeds folder is not a folder")
    try:
        paths = sources.listing_files(folder)
        report.files_ignored = [{"file": name, "reason": reason} for name, reason in sources.ignored_files(folder)]
    except OSError as error:
        raise BuildError(f"{folder}: cannot read the seeds folder ({error.strerror or error})") from None
    if not paths:
        raise BuildError(f"{folder}: the seeds folder holds no listing (no .txt file)")
    by_url: dict[str, str] = {}
    for path in paths:
        other = by_url.setdefault(listing_slug(path.stem), path.name)
        if other != path.name:
            raise BuildError(f"{folder / path.name}: its name gives the same URL as {other} "
                             f"(listings/{listing_slug(path.stem)}/); rename one of them")
    listings: list[Listing] = []
    for path in progress(paths, "read", unit=" listings"):
        result = sources.read_listing(path)
        report.files_read.append(path.name)
        report.rejected.extend(result.rejections)
        report.warnings.extend(result.warnings)
        if result.listing is not None:
            listings.append(result.listing)
            report.entries_read += len(result.listing.entries)
    return listings


def import_scikit_learn() -> None:
    """Import what the TF-IDF and map processes use of scikit-learn here, before they fork, so that they
    inherit it: each took about a second to import it on its own, on the way to the pages. (Only a build
    with something to do gets here.)"""
    import sklearn.decomposition  # noqa: F401
    import sklearn.feature_extraction.text  # noqa: F401
    import sklearn.manifold  # noqa: F401
    import sklearn.preprocessing  # noqa: F401


def enrich(papers: list[Paper], listings: list[Listing], taxonomy: Path, stages: Stages | None = None,
           map_later: bool = False) -> Atlas:
    """Annotate the papers, each step timed as its own stage; related papers (whose reasons cite topics
    and benchmarks) and the map (coloured by topic) come after the steps they use.

    `map_later`: the atlas comes back while a process of its own still draws the map (`Atlas.map_job`);
    `Atlas.wait_for_map` takes the layout, and cancelling the job stops it."""
    stages = stages or NoStages()
    topic_list = load_topics(taxonomy / "topics.yml")
    registry = load_registry(taxonomy / "benchmarks.yml")
    alias_file = taxonomy / "aliases.yml"
    aliases = mentions.load_aliases(alias_file) if alias_file.exists() else []
    with stages.stage("imports"):
        import_scikit_learn()
    # TF-IDF and the nearest papers need the texts alone: a process of their own works them out meanwhile.
    with in_background(related.text_neighbours, papers, size=len(papers)) as text:
        with stages.stage("benchmarks"):
            found = benchmarks.annotate(papers, registry)
        with stages.stage("topics"):
            paper_topics = topics.assign_topics(papers, topic_list)
        with stages.stage("mentions"):
            spans = mentions.find_mentions(papers, aliases)
        with stages.stage("tf-idf"):  # what is left of it by now: the wait for the process
            neighbours = text.result()
    gc.freeze()  # what is made so far lives on: full collections leave it alone from here (see `build`)
    benchmark_slugs = {slug: list(dict.fromkeys(m.benchmark for m in found_in))
                       for slug, found_in in found.mentions.items()}
    # The map (t-SNE on a sample) needs the vectors and the topics alone: a process of its own draws it meanwhile.
    drawing = Background(atlas_map.layout, (papers, neighbours.vectors, paper_topics), len(papers),
                         parallel_from=atlas_map.PARALLEL_FROM)
    try:
        with stages.stage("related"):
            reasons = related.related_papers(papers, topics=paper_topics, benchmarks=benchmark_slugs,
                                             neighbours=neighbours)
        with stages.stage("code"):
            code = {p.slug: urls_in(p.abstract) for p in papers}
        layout = None
        if not map_later:
            with stages.stage("map"):  # what is left of it by now: the wait for the process
                layout = drawing.result()
    except BaseException:
        drawing.cancel()
        raise
    return Atlas(
        papers=papers,
        listings=listings,
        topics=topic_list,
        benchmarks=found.registry.benchmarks,
        domains=found.registry.domains,
        paper_benchmarks=found.mentions,
        benchmarks_discovered=found.report(),
        paper_topics=paper_topics,
        related={slug: [r.slug for r in found_in] for slug, found_in in reasons.items()},
        related_reasons=reasons,
        code=code,
        mentions={slug: list(dict.fromkeys(m.target for m in found_in)) for slug, found_in in spans.items()},
        mention_spans=spans,
        layout=layout,
        map_job=drawing if map_later else None,
    )


def generated_timestamp(inputs: list[Path]) -> str:
    """A timestamp that only changes when the inputs do (SOURCE_DATE_EPOCH wins)."""
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        seconds = int(epoch)
    else:
        seconds = max((int(p.stat().st_mtime) for p in inputs if p.exists()), default=0)
    return datetime.fromtimestamp(seconds, UTC).isoformat().replace("+00:00", "Z")


def build_inputs(options: BuildOptions) -> list[Path]:
    """Every file the output depends on, besides the generator itself."""
    taxonomy = sorted(p for p in options.taxonomy.glob("*") if p.is_file()) if options.taxonomy.is_dir() else []
    return [*sources.listing_files(options.seeds), *taxonomy, *options.extra_inputs]


def build_atlas(options: BuildOptions, stages: Stages | None = None, map_later: bool = False) -> tuple[Atlas, Report]:
    """The atlas of the seeds and the report so far; `map_later`: see `enrich`."""
    stages = stages or NoStages()
    report = Report()
    try:
        with stages.stage("read"):
            listings = read_seeds(options.seeds, report)
        with stages.stage("merge"):
            entries = [entry for listing in listings for entry in listing.entries]
            papers = merge_entries(entries, report)
        gc.freeze()  # the papers live on: full collections leave them alone until `build` ends
        report.papers = len(papers)
        atlas = enrich(papers, listings, options.taxonomy, stages, map_later)
    except DataFileError as error:
        raise BuildError(str(error)) from None
    report.papers_without_topic = [p.slug for p in papers if not atlas.paper_topics.get(p.slug)]
    report.papers_without_benchmark = [p.slug for p in papers if not atlas.paper_benchmarks.get(p.slug)]
    report.benchmarks_discovered = atlas.benchmarks_discovered
    return atlas, report


def hand_written_pages(docs: Path) -> list[str]:
    """URLs of the pages in docs/ that the generator does not write (about/, …)."""
    return [manifest.page_url(path) for path in hand_written_files(docs) if path.endswith(".md")]


def load_manifest(path: Path) -> manifest.Manifest:
    try:
        return manifest.load(path)
    except manifest.ManifestError as error:
        raise BuildError(str(error)) from None


def first_seen_inputs(options: BuildOptions) -> dict:
    """What first-seen days depend on besides the listing files and the manifest (`options.manifest`):
    the git history of the seeds and the fallback day. A fingerprint of the build's inputs includes it."""
    return {"git": history.read_history(options.seeds).facts(),
            "fallback_day": options.fallback_day or history.build_day()}


def date_papers(options: BuildOptions, atlas: Atlas, report: Report,
                recorded: manifest.Manifest | None) -> manifest.PapersUpdate | None:
    """Give every paper its first-seen day: the manifest's when recorded, else git's, else the build's day.

    Returns the manifest's settled paper entries (None without a manifest), which record the days.
    """
    seed_history = history.read_history(options.seeds)
    dating = history.date_papers(atlas.listings, seed_history)
    fallback = options.fallback_day or history.build_day()
    days = {p.key: dating.papers.get(p.key) or fallback for p in atlas.papers}
    settled = None
    if recorded is not None:
        published = [manifest.PublishedPaper(p.key, p.slug, p.title, p.abstract, days[p.key]) for p in atlas.papers]
        settled = manifest.update_papers(recorded, published)
        days = {p.key: settled.entries[p.key]["first_seen"] for p in atlas.papers}
    atlas.first_seen = {p.slug: days[p.key] for p in atlas.papers}
    atlas.listing_added = {key: day or fallback for key, day in dating.listings.items()}
    from_fallback = [p.key for p in atlas.papers
                     if dating.papers.get(p.key) is None and (recorded is None or p.key not in recorded.papers
                                                               or "first_seen" not in recorded.papers[p.key])]
    report.first_seen = {
        "source": seed_history.reason or "git",
        "latest": atlas.latest_update,
        "new": sum(1 for p in atlas.papers if atlas.is_new(p.slug)),
        "fallback_day": fallback,
        "dated_by_fallback": len(from_fallback),
        "undated": dating.undated,
    }
    return settled


def update_manifest(options: BuildOptions, atlas: Atlas, page_paths: list[str], report: Report,
                    recorded: manifest.Manifest, settled: manifest.PapersUpdate) -> None:
    """Record the published URLs in the manifest; the redirects and broken URLs go to the report."""
    pages = [manifest.page_url(p) for p in page_paths
             if not p.startswith("papers/") and p not in GENERATED_FILES and not is_continuation(p)]
    papers = [manifest.PublishedPaper(p.key, p.slug, p.title, p.abstract) for p in atlas.papers]
    update = manifest.update(recorded, papers, pages, hand_written_pages(options.docs), settled=settled)
    write_if_changed(options.manifest, manifest.dump(update.manifest).encode("utf-8"))
    report.redirects, report.broken_urls = update.redirects, update.broken


def hand_written_files(docs: Path) -> list[str]:
    """The hand-written files of docs/ (the URL manifest lists their pages), without walking the generated ones."""
    if not docs.is_dir():
        return []
    found = []
    for top in docs.iterdir():
        if top.name in (*GENERATED_DIRS, previews.PREVIEW_DIR, *GENERATED_FILES) or top.name.startswith("."):
            continue
        found += [top.name] if top.is_file() else [p.relative_to(docs).as_posix() for p in top.rglob("*.md")]
    return sorted(found)


def fingerprint_of(options: BuildOptions) -> str | None:
    """The hash of everything the build reads (None when the seeds cannot be listed: the build reports that)."""
    try:
        # First-seen days come from git and, for what git cannot date, from the build's day.
        return input_fingerprint(build_inputs(options), {"site_url": options.site_url,
                                                         "manifest": str(options.manifest),
                                                         "directory_urls": options.directory_urls,
                                                         "hand_written": hand_written_files(options.docs),
                                                         "git": history.head_commit(options.seeds),
                                                         "day": options.fallback_day or history.build_day()})
    except OSError:
        return None


def with_url_manifest(fingerprint: str, options: BuildOptions) -> str:
    """The fingerprint with the URL manifest's contents, which the build itself may rewrite."""
    return input_fingerprint([options.manifest], {"inputs": fingerprint}) if options.manifest else fingerprint


def build(options: BuildOptions, stages: Stages | None = None) -> Report:
    """Run the generator; writes Markdown and data under `options.docs`. Pass `stages` to time each stage.

    A build whose inputs and outputs are as the last build left them does nothing (see fingerprint.py).
    """
    stages = stages or NoStages()
    with stages.stage("check"):
        record = BuildManifest(options.docs, (*GENERATED_DIRS, previews.PREVIEW_DIR), GENERATED_FILES)
        fingerprint = fingerprint_of(options)
        if fingerprint is not None and record.unchanged(with_url_manifest(fingerprint, options)):
            unchanged = report_from_json(options.docs / "data/build-report.json")
            if unchanged is not None:
                return check_strict(options, unchanged)
        record.forget()
    try:
        return generate(options, stages, record, fingerprint)
    finally:
        gc.unfreeze()  # what the build kept out of the collector's sight (gc.freeze), whether it ended well or not


def generate(options: BuildOptions, stages: Stages, record: BuildManifest, fingerprint: str | None) -> Report:
    """The build itself (see `build`), which calls it and then gives the frozen objects back to the collector."""
    atlas, report = build_atlas(options, stages, map_later=True)  # the map is awaited by write_pages
    try:
        return write_site(options, stages, record, fingerprint, atlas, report)
    finally:
        if atlas.map_job is not None:  # the build failed before the index pages, which wait for the map
            atlas.map_job.cancel()


def write_site(options: BuildOptions, stages: Stages, record: BuildManifest, fingerprint: str | None, atlas: Atlas,
               report: Report) -> Report:
    """Date the papers, write the pages, feeds, data and preview cards of `atlas`, record the build."""
    # The atlas lives until the site is written: out of the collector's sight, full collections walk only what
    # is made from here on, not its millions of objects (a second or more each time at 100,000 papers).
    gc.freeze()
    inputs = [*sources.listing_files(options.seeds), options.taxonomy / "topics.yml",
              options.taxonomy / "benchmarks.yml", options.taxonomy / "aliases.yml", *options.extra_inputs]
    with stages.stage("history"):
        recorded = load_manifest(options.manifest) if options.manifest is not None else None
        settled = date_papers(options, atlas, report, recorded)
    with stages.stage("previews"):  # drawn in worker processes while the pages are rendered
        drawing = previews.start_previews(options.docs, previews.atlas_cards(atlas, options.site_url))
    page_paths: list[str] = []

    def generated_files() -> Iterator[tuple[str, str]]:
        """Each page as it is rendered (none is kept: they are written one by one), then what needs them all.

        The pages come already written (in worker processes, see page_workers.py): their
        writing counts as rendering."""
        site = SitePages(atlas, options.site_url, options.directory_urls)
        with stages.stage("render"):
            pages = write_pages(site, options.docs)
        for path, written in pages:
            page_paths.append(path)
            yield path, written
        if recorded is not None and settled is not None:
            with stages.stage("urls"):
                update_manifest(options, atlas, page_paths, report, recorded, settled)
        with stages.stage("feeds"):  # written by a process of its own meanwhile: what is left of it is the wait
            feed_files = feeds_job.result()
        yield from feed_files
        with stages.stage("export"):  # the same for papers.json (300 MB at 100k papers)
            papers_json = export_job.result()
        yield from [("data/papers.json", papers_json), ("data/build-report.json", report_json(report))]

    # The feeds and the data export need the atlas alone: processes of their own write them while pages are rendered.
    feeds_job = Background(feeds.write_feeds, (atlas, options.site_url, options.docs), len(atlas.papers))
    export_job = Background(write_papers_json, (options.docs / "data/papers.json", atlas, generated_timestamp(inputs)),
                            len(atlas.papers))
    try:
        start, timed = time.perf_counter(), stages.total
        result = write_tree(options.docs, generated_files(), GENERATED_DIRS, GENERATED_FILES)
        stages.add("write", time.perf_counter() - start - (stages.total - timed))  # what the steps above did not take
        with stages.stage("previews"):
            images = drawing.result()
    except OSError as error:
        raise BuildError(f"{error.filename or options.docs}: cannot write ({error.strerror or error})") from None
    finally:
        drawing.cancel()
        feeds_job.cancel()
        export_job.cancel()
    report.files_written, report.files_removed = result.written + images.written, result.removed + images.removed
    if fingerprint is not None:
        record.save(with_url_manifest(fingerprint, options))
    return check_strict(options, report)


def check_strict(options: BuildOptions, report: Report) -> Report:
    if options.strict and report.rejected:
        raise RejectedEntries(report)
    return report
