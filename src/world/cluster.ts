// The simulated cluster's constants (docs/architecture.md, "The simulated cluster").

export interface PodSpec {
  deployment: string;
  /** app label and container name */
  app: string;
  name: string;
  ip: string;
  appPid: number;
  appUid: number;
  port: number;
  /** the host side of the pod's veth (Calico names it cali + 11 hex digits) */
  hostVeth: string;
  /** ifindex of eth0 in the pod and of its peer on the node */
  ifindex: number;
  peerIfindex: number;
  mac: string;
  service: string;
  clusterIp: string;
  age: string;
  /** the command line of the app process (ps, ss) */
  appComm: string;
  appArgs: string;
}

export const NAMESPACE = 'default';
export const NODE_NAME = 'node-1';
export const NODE_IP = '10.0.0.11';
export const POD_GATEWAY = '169.254.1.1';
export const PROXY_UID = 1337;

export const PODS: readonly PodSpec[] = [
  {
    deployment: 'productpage-v1', app: 'productpage', name: 'productpage-v1-7d6cfb7dfd-x2lmk', ip: '10.244.1.10', appPid: 4170,
    appUid: 1000, port: 9080, hostVeth: 'cali5f1a8e3c2d7', ifindex: 3, peerIfindex: 7, mac: 'be:3a:51:0c:7e:21',
    service: 'productpage', clusterIp: '10.96.113.20', age: '3d2h', appComm: 'python', appArgs: 'python productpage.py 9080',
  },
  {
    deployment: 'details-v1', app: 'details', name: 'details-v1-65cfcf56f8-9qhzn', ip: '10.244.1.11', appPid: 4388,
    appUid: 1000, port: 9080, hostVeth: 'cali0b9d42e71aa', ifindex: 3, peerIfindex: 8, mac: '6a:c4:17:92:3d:05',
    service: 'details', clusterIp: '10.96.54.31', age: '3d2h', appComm: 'ruby', appArgs: 'ruby details.rb 9080',
  },
  {
    deployment: 'reviews-v1', app: 'reviews', name: 'reviews-v1-5b86c6f6d4-jm4tq', ip: '10.244.2.20', appPid: 8533,
    appUid: 1000, port: 9080, hostVeth: 'cali7c3e5d1f9b2', ifindex: 3, peerIfindex: 9, mac: '1e:6f:a2:48:b9:3c',
    service: 'reviews', clusterIp: '10.96.88.70', age: '3d2h', appComm: 'java', appArgs: 'java -jar /opt/ibm/wlp/bin/tools/ws-server.jar defaultServer',
  },
  {
    deployment: 'ratings-v1', app: 'ratings', name: 'ratings-v1-6f855c5fff-vb8kk', ip: '10.244.2.21', appPid: 8791,
    appUid: 1000, port: 9080, hostVeth: 'calie2a6b0c8d41', ifindex: 3, peerIfindex: 10, mac: 'f2:19:8c:6d:07:e4',
    service: 'ratings', clusterIp: '10.96.201.15', age: '3d2h', appComm: 'node', appArgs: 'node /opt/microservices/ratings.js 9080',
  },
];

/** CoreDNS (kube-system) behind the kube-dns Service. */
export const COREDNS = {
  name: 'coredns-5d78c9869d-7m2xk', ip: '10.244.0.10', pid: 1876, hostVeth: 'cali3d8f0a6b1c4', peerIfindex: 6,
  mac: '8e:51:0d:3b:f6:a2', clusterIp: '10.96.0.10',
};

export const CLUSTER_DOMAIN = 'cluster.local';

/** A pod's /etc/resolv.conf (the kubelet's, ClusterFirst). */
export const RESOLV_CONF = `search default.svc.${CLUSTER_DOMAIN} svc.${CLUSTER_DOMAIN} ${CLUSTER_DOMAIN}\nnameserver ${COREDNS.clusterIp}\noptions ndots:5\n`;

/** Processes of the istio-proxy container, relative to nothing: fixed pids per pod. */
export function proxyPids(appPid: number): { pause: number; agent: number; envoy: number } {
  return { pause: appPid - 214, agent: appPid - 131, envoy: appPid - 96 };
}
