import { describe, expect, it } from 'vitest';
import { fromKubernetes, linkKubernetesRefs } from '@onus/adapters';
import { fact } from './support.js';

const rbac = `apiVersion: v1
kind: Secret
metadata: {name: db, namespace: app}
type: Opaque
data:
  password: aHVudGVyMg==
  "tls.key": c2VjcmV0
stringData:
  user: admin
---
apiVersion: rbac.authorization.k8s.io/v1
kind: RoleBinding
metadata: {name: read, namespace: app}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: Role, name: reader}
subjects:
  - {kind: ServiceAccount, name: api}
  - {kind: ServiceAccount, name: ci, namespace: tools}
  - {kind: User, name: alice}
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: admins}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: cluster-admin}
subjects: [{kind: Group, name: ops}]
`;

const services = `apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web, namespace: shop}
spec:
  template:
    metadata: {labels: {app: web, tier: front}}
---
apiVersion: apps/v1
kind: StatefulSet
metadata: {name: web-other-ns, namespace: other}
spec:
  template:
    metadata: {labels: {app: web}}
---
apiVersion: v1
kind: Pod
metadata: {name: web-pod, namespace: shop, labels: {app: web}}
---
apiVersion: batch/v1
kind: CronJob
metadata: {name: web-cron, namespace: shop}
spec:
  jobTemplate:
    spec:
      template:
        metadata: {labels: {app: web}}
---
apiVersion: v1
kind: Service
metadata: {name: dangling, namespace: shop}
spec:
  selector: {app: nothing}
---
apiVersion: v1
kind: Service
metadata: {name: external, namespace: shop}
spec:
  type: ExternalName
  externalName: example.com
`;

describe('kubernetes Secret data is sensitive and bindings/selectors become refs', () => {
  it('marks every Secret data and stringData key sensitive', () => {
    const secret = fact(fromKubernetes(rbac), 'k8s:app/Secret/db');
    expect(secret.sensitive).toEqual(['data.password', 'data["tls.key"]', 'stringData.user']);
  });

  it('refs a RoleBinding to its Role in its namespace, and its ServiceAccount subjects', () => {
    expect(fact(fromKubernetes(rbac), 'k8s:app/RoleBinding/read').refs).toEqual({
      roleRef: ['k8s:app/Role/reader'],
      subjects: ['k8s:app/ServiceAccount/api', 'k8s:tools/ServiceAccount/ci'],
    });
  });

  it('refs a ClusterRoleBinding to its ClusterRole', () => {
    expect(fact(fromKubernetes(rbac), 'k8s:ClusterRoleBinding/admins').refs).toEqual({ roleRef: ['k8s:ClusterRole/cluster-admin'] });
  });

  it('refs a Service to the workloads in its namespace whose pod labels match its selector', () => {
    const result = fromKubernetes(services);
    expect(fact(result, 'k8s:shop/Service/web').refs).toEqual({
      selector: ['k8s:shop/Deployment/web', 'k8s:shop/Pod/web-pod', 'k8s:shop/CronJob/web-cron'],
    });
    expect(fact(result, 'k8s:shop/Service/dangling').refs).toEqual({ selector: [] });
    expect(fact(result, 'k8s:shop/Service/external').refs).toEqual({});
  });

  it('links Services to workloads across files with linkKubernetesRefs', () => {
    const svc = fromKubernetes('apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec: {selector: {app: x}}\n', 'svc.yaml');
    const deploy = fromKubernetes('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: d}\nspec: {template: {metadata: {labels: {app: x}}}}\n', 'deploy.yaml');
    expect(svc.resources[0]?.refs).toEqual({ selector: [] });
    const all = [...svc.resources, ...deploy.resources];
    linkKubernetesRefs(all);
    expect(all[0]?.refs).toEqual({ selector: ['k8s:default/Deployment/d'] });
  });
});
