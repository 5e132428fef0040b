// The page's one module script (Base.astro). Every island's page-side stub is bundled here
// instead of arriving as its own <script>: a chapter page then makes one JS request up
// front instead of three to five plus the chunks they share, which a first visit on a slow
// link pays for in round trips before the rest of the page settles. Each stub only acts on
// its own markup, and the heavy parts (xterm, engine, playgrounds) stay dynamic imports.
import '../terminal/loader.ts';
import { initQuizzes } from '../quiz/quiz-client.ts';
import { initFlowDiagrams } from '../flow/flow-client.ts';
import '../widgets/rule-explainer.ts';
import '../widgets/annotation-loader.ts';
import '../widgets/ruleset-loader.ts';
import './enhance.ts';

initQuizzes();
initFlowDiagrams();
