/**
 * `hvspec/report`: coverage as data (the universe of each machine, visit
 * counts per engine, run files) and the renderers of the reports `hvspec`
 * writes (text, JSON, Markdown, HTML).
 */
export { universeOf, machineUniverse, type Universe, type MachineUniverse } from '../coverage/universe.js';
export { type CoverageData, mergeCoverage, emptyCoverage } from '../coverage/data.js';
export { CoverageCollector } from '../coverage/collector.js';
export { saveCoverage, loadCoverage, resetCoverage, DEFAULT_COVERAGE_DIR } from '../coverage/store.js';
export { summarize, type CoverageSummary, type MachineCoverage } from '../coverage/summary.js';
export { renderText } from '../report/text.js';
export { renderMarkdown } from '../report/markdown.js';
export { renderHtml, type HtmlInput, type PropertyResult } from '../report/html.js';
export { writeReports, renderJson } from '../report/write.js';
