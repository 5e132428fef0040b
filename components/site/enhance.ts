// The page frame's enhancements (theme, menu, search, progress, table of contents); each
// checks for its own markup, so any page can run them. Run by page-entry.ts.
import { initThemeToggles } from './theme.ts';
import { initMenu } from './menu.ts';
import { initProgressMarks } from './progress-marks.ts';
import { initSearchOpener } from './search-opener.ts';
import { markReadAtEnd } from './read-tracker.ts';
import { spyToc } from './toc-spy.ts';

export function initFrame(): void {
  initThemeToggles();
  initMenu();
  initProgressMarks();
  initSearchOpener();
  markReadAtEnd();
  spyToc();
}
