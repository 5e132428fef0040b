import type { QuizSpec } from '../../src/quiz/types.ts';

// Challenges: every check reads state (iptables -S as iptables 1.8.9 prints it, verified by loading
// the same rules into real iptables in a scratch network namespace), never the typed commands.
const PP = 'nsenter -t 4170 -n';
const INBOUND_S = `${PP} iptables -t nat -S ISTIO_INBOUND`;
const OUTPUT_S = `${PP} iptables -t nat -S ISTIO_OUTPUT`;
const INBOUND_LAST = { cmd: `${INBOUND_S} | tail -n 1`, expect: '-A ISTIO_INBOUND -p tcp -j ISTIO_IN_REDIRECT' };
const OUTPUT_LAST = { cmd: `${OUTPUT_S} | tail -n 1`, expect: '-A ISTIO_OUTPUT -j ISTIO_REDIRECT' };

const quiz: QuizSpec = {
  id: '07-playground',
  questions: [
    {
      kind: 'single',
      id: 'restore-replaces',
      prompt: {
        zh: '在已有规则的 Pod 里执行 `iptables-restore`,输入只包含一个 `*nat` … `COMMIT` 块。结果会怎样?',
        en: 'You run `iptables-restore` in a pod that already has rules, and the input holds a single `*nat` … `COMMIT` block. What happens?',
      },
      options: [
        {
          text: { zh: 'nat 表被整体替换为输入的内容,其他表保持不变', en: 'The nat table is replaced by the input as a whole; other tables stay as they were' },
          correct: true,
          explain: {
            zh: '正确。只有加 `--noflush` 时才会在原有规则基础上追加。',
            en: 'Right. Only with `--noflush` are the rules added to what is already there.',
          },
        },
        {
          text: { zh: '输入的规则追加到 nat 表已有规则之后', en: 'The input\'s rules are appended after nat\'s existing rules' },
          correct: false,
          explain: {
            zh: '那是 `--noflush` 的行为;默认会先清空输入中出现的表。',
            en: 'That is what `--noflush` does. By default each table in the input is flushed first.',
          },
        },
        {
          text: { zh: '所有表(filter、mangle、raw、nat)都被清空,再载入 nat', en: 'Every table (filter, mangle, raw, nat) is flushed, then nat is loaded' },
          correct: false,
          explain: {
            zh: '没有出现在输入中的表不受影响。',
            en: 'Tables that do not appear in the input are not touched.',
          },
        },
        {
          text: { zh: '如果中间某行出错,出错之前的规则仍会生效', en: 'If a line fails halfway, the rules before it still take effect' },
          correct: false,
          explain: {
            zh: '一个表的块要么整体提交,要么不提交;出错时该表保留原来的规则,错误信息会指明行号。',
            en: 'A table\'s block is committed as a whole or not at all. On an error the table keeps its old rules, and the message names the line.',
          },
        },
      ],
    },
    {
      kind: 'single',
      id: 'return-position',
      prompt: {
        zh: '为了让入站 8080 绕过 sidecar,有人执行了 `iptables -t nat -A ISTIO_INBOUND -p tcp --dport 8080 -j RETURN`。为什么没有效果?',
        en: 'To let inbound port 8080 bypass the sidecar, someone ran `iptables -t nat -A ISTIO_INBOUND -p tcp --dport 8080 -j RETURN`. Why does it have no effect?',
      },
      options: [
        {
          text: { zh: '`-A` 把它追加在 `-j ISTIO_IN_REDIRECT` 之后,发往 8080 的包先被兜底规则重定向,永远到不了它', en: '`-A` appended it after `-j ISTIO_IN_REDIRECT`; packets to 8080 are redirected by the catch-all first and never reach it' },
          correct: true,
          explain: {
            zh: '正确。链从上往下匹配,第一个终结性的命中说了算。应该用 `-I ISTIO_INBOUND` 插到前面。',
            en: 'Right. A chain is read top-down and the first terminating match wins. Use `-I ISTIO_INBOUND` to put it in front.',
          },
        },
        {
          text: { zh: 'nat 表里不能用 RETURN', en: 'RETURN cannot be used in the nat table' },
          correct: false,
          explain: {
            zh: 'RETURN 在任何表里都可用;Istio 自己的 `ISTIO_INBOUND` 就满是 RETURN。',
            en: 'RETURN works in every table; Istio\'s own `ISTIO_INBOUND` is full of them.',
          },
        },
        {
          text: { zh: '缺少 `-m tcp`', en: '`-m tcp` is missing' },
          correct: false,
          explain: {
            zh: '写了 `-p tcp` 之后,iptables 会自动加载 tcp 匹配,`-S` 里就会显示 `-m tcp`。',
            en: 'After `-p tcp`, iptables loads the tcp match by itself, and `-S` shows `-m tcp`.',
          },
        },
        {
          text: { zh: 'RETURN 会把包送回 PREROUTING 的下一条规则,结果还是被重定向', en: 'RETURN sends the packet back to the next PREROUTING rule, where it is redirected anyway' },
          correct: false,
          explain: {
            zh: 'RETURN 确实回到 PREROUTING,但那里的下一条是链的默认策略 ACCEPT,不会再重定向。问题只在于规则的位置。',
            en: 'RETURN does go back to PREROUTING, but what follows there is the ACCEPT policy, which redirects nothing. The only problem is the position.',
          },
        },
      ],
    },
    {
      kind: 'task',
      id: 'challenge-inbound-8080',
      prompt: {
        zh: '挑战 1:在 bookinfo-current 的 productpage Pod(PID 4170)里,让发往 8080 端口的入站 TCP 流量绕过 sidecar(相当于 `excludeInboundPorts: "8080"`)。',
        en: 'Challenge 1: in bookinfo-current\'s productpage pod (PID 4170), make inbound TCP traffic to port 8080 bypass the sidecar (what `excludeInboundPorts: "8080"` does).',
      },
      scenario: 'bookinfo-current',
      solution: [`${PP} iptables -t nat -I ISTIO_INBOUND -p tcp --dport 8080 -j RETURN`],
      checks: [
        { cmd: INBOUND_S, expect: '-A ISTIO_INBOUND -p tcp -m tcp --dport 8080 -j RETURN' },
        INBOUND_LAST,
      ],
      hint: {
        zh: '在 `ISTIO_INBOUND` 里、`-j ISTIO_IN_REDIRECT` 之前放一条 `-p tcp --dport 8080 -j RETURN`:`iptables -t nat -I ISTIO_INBOUND ...`。',
        en: 'Put `-p tcp --dport 8080 -j RETURN` in `ISTIO_INBOUND`, before `-j ISTIO_IN_REDIRECT`: `iptables -t nat -I ISTIO_INBOUND ...`.',
      },
    },
    {
      kind: 'task',
      id: 'challenge-exclude-cidr',
      prompt: {
        zh: '挑战 2:在 productpage Pod(PID 4170)里,不再捕获发往 10.96.0.0/12 的出站流量(相当于 `excludeOutboundIPRanges: "10.96.0.0/12"`)。',
        en: 'Challenge 2: in the productpage pod (PID 4170), stop capturing outbound traffic to 10.96.0.0/12 (what `excludeOutboundIPRanges: "10.96.0.0/12"` does).',
      },
      scenario: 'bookinfo-current',
      solution: [`${PP} iptables -t nat -I ISTIO_OUTPUT -d 10.96.0.0/12 -j RETURN`],
      checks: [
        { cmd: OUTPUT_S, expect: '-A ISTIO_OUTPUT -d 10.96.0.0/12 -j RETURN' },
        OUTPUT_LAST,
      ],
      hint: {
        zh: '目的地址段用 `-d 10.96.0.0/12`,动作是 RETURN,规则必须在 `-j ISTIO_REDIRECT` 之前。',
        en: 'Match the destination range with `-d 10.96.0.0/12`, use RETURN, and put the rule before `-j ISTIO_REDIRECT`.',
      },
    },
    {
      kind: 'task',
      id: 'challenge-uid-2000',
      prompt: {
        zh: '挑战 3:在 productpage Pod(PID 4170)里,让 uid 2000 发出的流量绕过 Envoy。',
        en: 'Challenge 3: in the productpage pod (PID 4170), let traffic sent by uid 2000 bypass envoy.',
      },
      scenario: 'bookinfo-current',
      solution: [`${PP} iptables -t nat -I ISTIO_OUTPUT -m owner --uid-owner 2000 -j RETURN`],
      checks: [
        { cmd: OUTPUT_S, expect: '-A ISTIO_OUTPUT -m owner --uid-owner 2000 -j RETURN' },
        OUTPUT_LAST,
      ],
      hint: {
        zh: '照着 `-m owner --uid-owner 1337 -j RETURN` 的样子写,把它插在 `-j ISTIO_REDIRECT` 之前。',
        en: 'Model it on `-m owner --uid-owner 1337 -j RETURN` and insert it before `-j ISTIO_REDIRECT`.',
      },
    },
    {
      kind: 'task',
      id: 'challenge-outbound-3306',
      prompt: {
        zh: '挑战 4:在 productpage Pod(PID 4170)里,让发往 3306 端口的出站流量不被捕获,TCP 和 UDP 都要(和 `excludeOutboundPorts: "3306"` 生成的一样)。',
        en: 'Challenge 4: in the productpage pod (PID 4170), exclude outbound traffic to port 3306 from capture, for both TCP and UDP (as `excludeOutboundPorts: "3306"` does).',
      },
      scenario: 'bookinfo-current',
      solution: [
        `${PP} iptables -t nat -I ISTIO_OUTPUT -p tcp --dport 3306 -j RETURN`,
        `${PP} iptables -t nat -I ISTIO_OUTPUT -p udp --dport 3306 -j RETURN`,
      ],
      checks: [
        { cmd: OUTPUT_S, expect: '-A ISTIO_OUTPUT -p tcp -m tcp --dport 3306 -j RETURN' },
        { cmd: OUTPUT_S, expect: '-A ISTIO_OUTPUT -p udp -m udp --dport 3306 -j RETURN' },
        OUTPUT_LAST,
      ],
      hint: {
        zh: '两条规则:`-p tcp --dport 3306 -j RETURN` 和 `-p udp --dport 3306 -j RETURN`,都要在 `-j ISTIO_REDIRECT` 之前。',
        en: 'Two rules, `-p tcp --dport 3306 -j RETURN` and `-p udp --dport 3306 -j RETURN`, both before `-j ISTIO_REDIRECT`.',
      },
    },
    {
      kind: 'task',
      id: 'challenge-fix-loop',
      prompt: {
        zh: '挑战 5:productpage Pod(PID 4170)里 uid 1337 和 gid 1337 两条无条件的 RETURN 规则都被删掉了,请求陷入循环。修好它,让 `kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0` 不再得到空响应,并保持 `-j ISTIO_REDIRECT` 是 `ISTIO_OUTPUT` 的最后一条。',
        en: 'Challenge 5: both unconditional RETURN rules for uid 1337 and gid 1337 were deleted from the productpage pod (PID 4170), and requests loop. Fix it so that `kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0` no longer gets an empty reply, and keep `-j ISTIO_REDIRECT` the last rule of `ISTIO_OUTPUT`.',
      },
      scenario: 'bookinfo-1.6',
      setup: [
        `${PP} iptables -t nat -D ISTIO_OUTPUT -m owner --uid-owner 1337 -j RETURN`,
        `${PP} iptables -t nat -D ISTIO_OUTPUT -m owner --gid-owner 1337 -j RETURN`,
      ],
      solution: [`${PP} iptables -t nat -I ISTIO_OUTPUT 4 -m owner --uid-owner 1337 -j RETURN`],
      checks: [
        // Either owner rule (uid or gid 1337) fixes the loop; the -o lo owner rules start differently.
        { cmd: OUTPUT_S, expect: '-A ISTIO_OUTPUT -m owner --' },
        OUTPUT_LAST,
        { cmd: 'kubectl exec deploy/productpage-v1 -- curl -sS http://reviews:9080/reviews/0', expect: 'Empty reply from server', absent: true },
      ],
      hint: {
        zh: '把 `-m owner --uid-owner 1337 -j RETURN` 放回 `-j ISTIO_REDIRECT` 之前:`iptables -t nat -I ISTIO_OUTPUT 4 ...`。只放回 gid 那条也行,Envoy 的 gid 也是 1337。',
        en: 'Put `-m owner --uid-owner 1337 -j RETURN` back before `-j ISTIO_REDIRECT`: `iptables -t nat -I ISTIO_OUTPUT 4 ...`. Restoring only the gid rule works too, since envoy\'s gid is 1337 as well.',
      },
    },
  ],
};

export default quiz;
