// The one script of the page frame: every enhancement checks for its own markup, so
// any page can load it. Islands (terminal, quiz, diagram) bring their own scripts.
import { initThemeToggles } from './theme.ts';
import { initMenu } from './menu.ts';
import { initProgressMarks } from './progress-marks.ts';
import { initSearchOpener } from './search-opener.ts';
import { markReadAtEnd } from './read-tracker.ts';
import { spyToc } from './toc-spy.ts';

initThemeToggles();
initMenu();
initProgressMarks();
initSearchOpener();
markReadAtEnd();
spyToc();
