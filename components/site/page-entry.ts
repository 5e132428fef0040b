// The page's one module script (Base.astro). Every island's page-side stub is bundled here
// instead of arriving as its own <script>: a chapter page then makes one JS request up
// front instead of three to five plus the chunks they share, which a first visit on a slow
// link pays for in round trips before the rest of the page settles. Each stub only acts on
// its own markup, and the heavy parts (xterm, engine, playgrounds) stay dynamic imports.
import { initTerminals } from '../terminal/loader.ts';
import { initQuizzes } from '../quiz/quiz-client.ts';
import { initFlowDiagrams } from '../flow/flow-client.ts';
import { initRuleExplainers } from '../widgets/rule-explainer.ts';
import { initAnnotationPlaygrounds } from '../widgets/annotation-loader.ts';
import { initRulesetPlaygrounds } from '../widgets/ruleset-loader.ts';
import { initFrame } from './enhance.ts';

initFrame();
// The islands are wired in a task of their own, after the frame's controls: the module's
// one task was the page's longest after first paint on a slow phone (Lighthouse counts
// what a task holds past 50 ms as blocking), and nothing of an island can be used in
// the few milliseconds between the two.
setTimeout(() => {
  initTerminals();
  initQuizzes();
  initFlowDiagrams();
  initRuleExplainers();
  initAnnotationPlaygrounds();
  initRulesetPlaygrounds();
}, 0);
