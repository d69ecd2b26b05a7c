import { useQueryClient } from "@tanstack/react-query";
import {
  Background,
  Controls,
  MiniMap,
  ReactFlow,
  ReactFlowProvider,
  addEdge,
  useEdgesState,
  useNodesState,
  useReactFlow,
  type Connection,
  type Edge,
  type NodeTypes,
} from "@xyflow/react";
import "@xyflow/react/dist/style.css";
import { useCallback, useEffect, useMemo, useRef, useState } from "react";
import { Link, useParams } from "react-router-dom";
import { ErrorMessage, Spinner } from "../../../components/Feedback";
import { api, problemOf, unwrap, type JsonObject } from "../../../lib/api";
import { useCanEdit } from "../../auth/hooks/useSession";
import { useWorkflow, type Definition, type DefinitionNode, type Workflow } from "../../workflows/api/workflows";
import { useExecution, useLastExecution, useNodeTypes, type NodeType } from "../api/editor";
import { suggestions, type Scope } from "../expressions";
import {
  MAIN,
  autoLayout,
  connectionProblem,
  edgeOf,
  fieldTarget,
  freeId,
  outputsOf,
  toDefinition,
  toFlow,
  type FlowNode,
  type TypeInfo,
} from "../graph";
import { useExecutionEvents } from "../hooks/useExecutionEvents";
import { runView } from "../runState";
import { ActivationPanel } from "./ActivationPanel";
import { DetailsPanel } from "./DetailsPanel";
import { DRAG_TYPE, NodePalette } from "./NodePalette";
import { NodeInspector } from "./NodeInspector";
import { RunPanel } from "./RunPanel";
import { ShortcutsDialog } from "./ShortcutsDialog";
import { StepInspector } from "./StepInspector";
import { StepNode } from "./StepNode";
import { VersionsPanel } from "./VersionsPanel";

const NODE_TYPES: NodeTypes = { step: StepNode };
const NODE_ID = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;
const NO_ERRORS: Record<string, string[]> = {};

interface Snapshot {
  nodes: FlowNode[];
  edges: Edge[];
}

export function EditorPage() {
  const { workflowId = "" } = useParams();
  const workflow = useWorkflow(workflowId);
  const nodeTypes = useNodeTypes();
  if (workflow.isPending || nodeTypes.isPending) return <Spinner label="Opening the workflow" />;
  if (workflow.error || nodeTypes.error) return <ErrorMessage error={workflow.error ?? nodeTypes.error} />;
  return (
    <ReactFlowProvider>
      <Editor key={workflow.data.id} workflow={workflow.data} types={nodeTypes.data} />
    </ReactFlowProvider>
  );
}

type SidePanel = "node" | "versions" | "activation" | "details";

function Editor({ workflow: loaded, types }: { workflow: Workflow; types: NodeType[] }) {
  const client = useQueryClient();
  const canEdit = useCanEdit();
  const flow = useReactFlow();
  const typeInfo = useMemo(() => new Map<string, TypeInfo>(types.map((t) => [t.type, { outputs: t.outputs, trigger: t.category === "trigger" }])), [types]);
  const typeByName = useMemo(() => new Map(types.map((t) => [t.type, t])), [types]);
  const initial = useMemo(() => toFlow(loaded.definition as unknown as Definition, typeInfo), [loaded, typeInfo]);
  const [workflow, setWorkflow] = useState(loaded);
  const [nodes, setNodes, onNodesChange] = useNodesState<FlowNode>(initial.nodes);
  const [edges, setEdges, onEdgesChange] = useEdgesState<Edge>(initial.edges);
  const [dirty, setDirty] = useState(false);
  const [notice, setNotice] = useState<string | null>(null);
  const [saveState, setSaveState] = useState<"idle" | "saving" | "saved">("idle");
  const [saveError, setSaveError] = useState<unknown>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, Record<string, string[]>>>({});
  const [conflict, setConflict] = useState<Workflow | null>(null);
  const [executionId, setExecutionId] = useState<string | null>(null);
  const [panel, setPanel] = useState<SidePanel>("node");
  const [help, setHelp] = useState(false);
  const past = useRef<Snapshot[]>([]);
  const future = useRef<Snapshot[]>([]);
  const clipboard = useRef<Snapshot | null>(null);
  const canvas = useRef<HTMLDivElement>(null);
  const readOnly = !canEdit;

  const definition = useMemo(() => toDefinition(nodes, edges, loaded.definition as unknown as Definition), [nodes, edges, loaded]);
  const selected = nodes.filter((node) => node.selected);
  const focused = selected.length === 1 ? selected[0] : null;

  // History: every change the user makes is undoable.
  const record = useCallback(() => {
    past.current.push({ nodes, edges });
    if (past.current.length > 100) past.current.shift();
    future.current = [];
    setDirty(true);
  }, [nodes, edges]);
  const undo = useCallback(() => {
    const previous = past.current.pop();
    if (!previous) return;
    future.current.push({ nodes, edges });
    setNodes(previous.nodes);
    setEdges(previous.edges);
    setDirty(true);
  }, [nodes, edges, setNodes, setEdges]);
  const redo = useCallback(() => {
    const next = future.current.pop();
    if (!next) return;
    past.current.push({ nodes, edges });
    setNodes(next.nodes);
    setEdges(next.edges);
    setDirty(true);
  }, [nodes, edges, setNodes, setEdges]);

  // Live run: the SSE stream colours the nodes; the execution's steps feed the inspector.
  const { events } = useExecutionEvents(executionId);
  const view = useMemo(() => runView(definition, events), [definition, events]);
  const execution = useExecution(executionId);
  const lastExecution = useLastExecution(loaded.id);
  // The execution's steps (for the inspector) are read again as events arrive, at most once a second.
  const refetch = useRef<ReturnType<typeof setTimeout> | null>(null);
  useEffect(() => {
    if (!executionId || !events.length || refetch.current) return;
    refetch.current = setTimeout(() => {
      refetch.current = null;
      void client.invalidateQueries({ queryKey: ["execution", executionId] });
    }, 1000);
  }, [events.length, executionId, client]);
  const final = view.status !== null && ["succeeded", "failed", "cancelled"].includes(view.status);
  useEffect(() => {
    if (!final) return;
    void client.invalidateQueries({ queryKey: ["executions"] });
    void client.invalidateQueries({ queryKey: ["execution", executionId] });
  }, [final, client, executionId]);

  // The nodes as drawn: each with its run state and save problems. A node whose inputs did not
  // change keeps its object, so a live event re-renders only the nodes it changed.
  const drawn = useRef(new Map<string, { source: FlowNode; runState?: string; problems: string; node: FlowNode }>());
  const shownNodes = useMemo(() => {
    const cache = drawn.current;
    const next = nodes.map((node) => {
      const runState = view.nodes[node.id];
      const problems = Object.values(fieldErrors[node.id] ?? {}).flat();
      const key = problems.join("\n");
      const hit = cache.get(node.id);
      if (hit && hit.source === node && hit.runState === runState && hit.problems === key) return hit.node;
      const shown = runState || problems.length ? { ...node, data: { ...node.data, runState, problems } } : node;
      cache.set(node.id, { source: node, runState, problems: key, node: shown });
      return shown;
    });
    if (cache.size > nodes.length * 2) cache.clear();
    return next;
  }, [nodes, view, fieldErrors]);

  // Expression context: the last run's data (this session's run first).
  const data = execution.data ?? lastExecution.data ?? null;
  const expressionContext = useMemo(() => {
    const scope: Scope = {
      input: data?.input ?? {},
      steps: Object.fromEntries((data?.steps ?? []).map((step) => [step.node_id, { output: step.output }])),
      execution: data ? { id: data.id, workflow_id: data.workflow_id, started_at: data.started_at } : {},
      request: {},
    };
    return { scope, names: suggestions(scope, nodes.map((node) => node.id)) };
    // Node ids change rarely; recomputing on every drag would re-render every form.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [data, nodes.length]);

  const addNode = useCallback(
    (type: string, position?: { x: number; y: number }) => {
      const info = typeInfo.get(type);
      if (info?.trigger && nodes.some((node) => node.data.trigger)) {
        setNotice("a workflow has exactly one trigger: delete the current one first");
        return;
      }
      const id = freeId(type, new Set(nodes.map((node) => node.id)));
      const definitionNode: DefinitionNode = { id, type, parameters: {} };
      const trigger = info?.trigger ?? false;
      const at =
        position ??
        (canvas.current
          ? flow.screenToFlowPosition({
              x: canvas.current.getBoundingClientRect().left + canvas.current.clientWidth / 2,
              y: canvas.current.getBoundingClientRect().top + canvas.current.clientHeight / 2,
            })
          : { x: 0, y: 0 });
      record();
      setNotice(null);
      setNodes((current) => [
        ...current.map((node) => ({ ...node, selected: false })),
        {
          id,
          type: "step",
          position: at,
          selected: true,
          data: { definition: definitionNode, outputs: outputsOf(definitionNode, info?.outputs, trigger), trigger },
        },
      ]);
      setPanel("node");
    },
    [nodes, typeInfo, flow, record, setNodes],
  );

  const connect = useCallback(
    (connection: Connection | Edge) => {
      const problem = connectionProblem(nodes, edges, connection.source, connection.target, connection.sourceHandle ?? MAIN);
      if (problem) {
        setNotice(problem);
        return problem;
      }
      record();
      setNotice(null);
      const edge = edgeOf(connection.source, connection.target, connection.sourceHandle ?? MAIN);
      setEdges((current) => addEdge(edge, current));
      return null;
    },
    [nodes, edges, record, setEdges],
  );

  const lastEdit = useRef({ id: "", at: 0 });
  const updateNode = useCallback(
    (id: string, next: DefinitionNode) => {
      // One undo step per burst of typing in a node, not one per key.
      const now = Date.now();
      if (lastEdit.current.id !== id || now - lastEdit.current.at > 800) record();
      lastEdit.current = { id, at: now };
      setNodes((current) =>
        current.map((node) =>
          node.id === id
            ? { ...node, data: { ...node.data, definition: next, outputs: outputsOf(next, typeInfo.get(next.type)?.outputs, node.data.trigger) } }
            : node,
        ),
      );
    },
    [record, setNodes, typeInfo],
  );

  const rename = useCallback(
    (from: string, to: string) => {
      if (!NODE_ID.test(to)) return "a node ID is letters, digits and _ (at most 64), not starting with a digit";
      if (nodes.some((node) => node.id === to)) return `another node is called ${to}`;
      record();
      setNodes((current) =>
        current.map((node) => (node.id === from ? { ...node, id: to, data: { ...node.data, definition: { ...node.data.definition, id: to } } } : node)),
      );
      setEdges((current) =>
        current.map((edge) =>
          edge.source === from || edge.target === from
            ? edgeOf(edge.source === from ? to : edge.source, edge.target === from ? to : edge.target, edge.sourceHandle ?? MAIN)
            : edge,
        ),
      );
      return null;
    },
    [nodes, record, setNodes, setEdges],
  );

  const deleteSelection = useCallback(() => {
    const ids = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
    if (!ids.size && !edges.some((edge) => edge.selected)) return;
    record();
    setNodes((current) => current.filter((node) => !ids.has(node.id)));
    setEdges((current) => current.filter((edge) => !edge.selected && !ids.has(edge.source) && !ids.has(edge.target)));
  }, [nodes, edges, record, setNodes, setEdges]);

  const copy = useCallback(() => {
    const ids = new Set(nodes.filter((node) => node.selected).map((node) => node.id));
    if (!ids.size) return;
    clipboard.current = {
      nodes: nodes.filter((node) => ids.has(node.id)),
      edges: edges.filter((edge) => ids.has(edge.source) && ids.has(edge.target)),
    };
    setNotice(`copied ${ids.size} node${ids.size > 1 ? "s" : ""}`);
  }, [nodes, edges]);

  const paste = useCallback(() => {
    const copied = clipboard.current;
    if (!copied) return;
    const taken = new Set(nodes.map((node) => node.id));
    const renamed = new Map<string, string>();
    const pasted: FlowNode[] = [];
    for (const node of copied.nodes) {
      if (node.data.trigger && nodes.some((other) => other.data.trigger)) continue;
      const id = freeId(node.id, taken);
      taken.add(id);
      renamed.set(node.id, id);
      pasted.push({
        ...node,
        id,
        selected: true,
        position: { x: node.position.x + 40, y: node.position.y + 40 },
        data: { ...node.data, definition: { ...node.data.definition, id } },
      });
    }
    const pastedEdges = copied.edges
      .filter((edge) => renamed.has(edge.source) && renamed.has(edge.target))
      .map((edge) => edgeOf(renamed.get(edge.source) as string, renamed.get(edge.target) as string, edge.sourceHandle ?? MAIN));
    record();
    setNodes((current) => [...current.map((node) => ({ ...node, selected: false })), ...pasted]);
    setEdges((current) => [...current, ...pastedEdges]);
  }, [nodes, record, setNodes, setEdges]);

  const layout = useCallback(() => {
    record();
    setNodes((current) => autoLayout(current, edges));
    requestAnimationFrame(() => void flow.fitView({ duration: 200 }));
  }, [edges, record, setNodes, flow]);

  const save = useCallback(
    async (force = false): Promise<boolean> => {
      if (readOnly) return false;
      setSaveState("saving");
      setSaveError(null);
      let etag = workflow.etag;
      if (force) {
        const current = unwrap(await api.GET("/v1/workflows/{workflow_id}", { params: { path: { workflow_id: workflow.id } } }));
        etag = current.etag;
      }
      const result = await api.PATCH("/v1/workflows/{workflow_id}", {
        params: { path: { workflow_id: workflow.id }, header: { "If-Match": etag } as never },
        body: { definition: definition as never, version_message: "" },
      });
      if (result.response.ok && result.data) {
        setWorkflow(result.data);
        client.setQueryData(["workflow", workflow.id], result.data);
        void client.invalidateQueries({ queryKey: ["workflows"] });
        void client.invalidateQueries({ queryKey: ["versions", workflow.id] });
        setFieldErrors({});
        setConflict(null);
        setDirty(false);
        setSaveState("saved");
        return true;
      }
      setSaveState("idle");
      const problem = { status: result.response.status, ...(result.error as object) } as ReturnType<typeof problemOf> & object;
      if (result.response.status === 412) {
        const theirs = unwrap(await api.GET("/v1/workflows/{workflow_id}", { params: { path: { workflow_id: workflow.id } } }));
        setConflict(theirs);
        return false;
      }
      const byNode: Record<string, Record<string, string[]>> = {};
      const general: string[] = [];
      for (const error of problem.errors ?? []) {
        const target = fieldTarget(error.field);
        const node = target ? definition.nodes[target.index] : undefined;
        if (target && node) {
          const messages = ((byNode[node.id] ??= {})[target.rest] ??= []);
          messages.push(error.message);
        } else general.push(`${error.field}: ${error.message}`);
      }
      setFieldErrors(byNode);
      const firstBad = Object.keys(byNode)[0];
      if (firstBad) {
        setNodes((current) => current.map((node) => ({ ...node, selected: node.id === firstBad })));
        setPanel("node");
      }
      setSaveError(new Error([problem.detail ?? `saving failed (${problem.status})`, ...general].join(" — ")));
      return false;
    },
    [readOnly, workflow, definition, client, setNodes],
  );

  const reloadTheirs = useCallback(() => {
    if (!conflict) return;
    const theirs = toFlow(conflict.definition as unknown as Definition, typeInfo);
    record();
    setNodes(theirs.nodes);
    setEdges(theirs.edges);
    setWorkflow(conflict);
    setConflict(null);
    setDirty(false);
  }, [conflict, typeInfo, record, setNodes, setEdges]);

  const run = useCallback(
    async (input: JsonObject) => {
      if (dirty && !(await save())) return null;
      const accepted = unwrap(
        await api.POST("/v1/workflows/{workflow_id}/run", { params: { path: { workflow_id: workflow.id } }, body: { input } }),
      );
      setExecutionId(accepted.execution_id);
      return accepted.execution_id;
    },
    [dirty, save, workflow.id],
  );

  // Keyboard shortcuts (not while typing in a field).
  useEffect(() => {
    function onKey(event: KeyboardEvent) {
      const target = event.target as HTMLElement;
      const typing = target.closest("input, textarea, select, [contenteditable=true]") !== null;
      const mod = event.ctrlKey || event.metaKey;
      if (mod && event.key.toLowerCase() === "s") {
        event.preventDefault();
        void save();
        return;
      }
      if (typing || target.closest("dialog")) return;
      if (event.key === "?") setHelp(true);
      else if (mod && event.key.toLowerCase() === "z" && !event.shiftKey) {
        event.preventDefault();
        undo();
      } else if (mod && (event.key.toLowerCase() === "y" || (event.key.toLowerCase() === "z" && event.shiftKey))) {
        event.preventDefault();
        redo();
      } else if (mod && event.key.toLowerCase() === "c") copy();
      else if (mod && event.key.toLowerCase() === "v") paste();
      else if (mod && event.key.toLowerCase() === "a") {
        event.preventDefault();
        setNodes((current) => current.map((node) => ({ ...node, selected: true })));
      } else if (!mod && event.key.toLowerCase() === "l" && !readOnly) layout();
      else if (!mod && event.key.toLowerCase() === "f") void flow.fitView({ duration: 200 });
      else if ((event.key === "Delete" || event.key === "Backspace") && !readOnly) deleteSelection();
    }
    document.addEventListener("keydown", onKey);
    return () => document.removeEventListener("keydown", onKey);
  }, [save, undo, redo, copy, paste, layout, deleteSelection, flow, readOnly, setNodes]);

  useEffect(() => {
    const warn = (event: BeforeUnloadEvent) => {
      if (dirty) event.preventDefault();
    };
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [dirty]);

  return (
    <div className="editor">
      <div className="editor-bar">
        <h1>
          <Link to="/workflows">Workflows</Link> / {workflow.name}
        </h1>
        <span className="muted">
          version {workflow.version}
          {dirty ? " · unsaved changes" : saveState === "saved" ? " · saved" : ""}
          {readOnly ? " · read only (viewer)" : ""}
        </span>
        <div className="toolbar" role="toolbar" aria-label="Editor">
          <button type="button" onClick={undo} disabled={readOnly} aria-keyshortcuts="Control+Z">
            Undo
          </button>
          <button type="button" onClick={redo} disabled={readOnly} aria-keyshortcuts="Control+Shift+Z">
            Redo
          </button>
          <button type="button" onClick={layout} disabled={readOnly} aria-keyshortcuts="L">
            Auto-layout
          </button>
          <button type="button" onClick={() => void flow.fitView({ duration: 200 })} aria-keyshortcuts="F">
            Fit view
          </button>
          <button type="button" onClick={() => setPanel("details")} aria-pressed={panel === "details"}>
            Details
          </button>
          <button type="button" onClick={() => setPanel("versions")} aria-pressed={panel === "versions"}>
            Versions
          </button>
          <button type="button" onClick={() => setPanel("activation")} aria-pressed={panel === "activation"}>
            Activation
          </button>
          <button type="button" onClick={() => setHelp(true)} aria-keyshortcuts="?">
            Shortcuts
          </button>
          <button type="button" className="primary" onClick={() => void save()} disabled={readOnly || saveState === "saving"} aria-keyshortcuts="Control+S">
            Save
          </button>
        </div>
      </div>
      {saveState === "saving" && <Spinner label="Saving" />}
      <ErrorMessage error={saveError} />
      {notice && (
        <p role="status" className="notice">
          {notice}
        </p>
      )}
      {conflict && (
        <div role="alert" className="conflict">
          <p>
            <strong>Someone else saved this workflow</strong> (now version {conflict.version}, {new Date(conflict.updated_at).toLocaleString()}) since
            you opened it. Your changes are not saved.
          </p>
          <button type="button" onClick={reloadTheirs}>
            Load their version
          </button>
          <button type="button" className="danger" onClick={() => void save(true)}>
            Overwrite with mine
          </button>
        </div>
      )}
      <div className="editor-body">
        <NodePalette types={types} onAdd={(type) => addNode(type)} disabled={readOnly} />
        <div
          className="canvas"
          ref={canvas}
          aria-label="Workflow canvas"
          role="region"
          onDragOver={(event) => {
            if (event.dataTransfer.types.includes(DRAG_TYPE)) {
              event.preventDefault();
              event.dataTransfer.dropEffect = "move";
            }
          }}
          onDrop={(event) => {
            const type = event.dataTransfer.getData(DRAG_TYPE);
            if (!type) return;
            event.preventDefault();
            addNode(type, flow.screenToFlowPosition({ x: event.clientX, y: event.clientY }));
          }}
        >
          <ReactFlow
            nodes={shownNodes}
            edges={edges}
            nodeTypes={NODE_TYPES}
            onNodesChange={onNodesChange}
            onEdgesChange={onEdgesChange}
            onConnect={connect}
            isValidConnection={(connection) =>
              connectionProblem(nodes, edges, connection.source, connection.target, connection.sourceHandle ?? MAIN) === null
            }
            onConnectEnd={(_, state) => {
              // A refused connection says why.
              if (state.isValid === false && state.fromNode && state.toNode)
                setNotice(
                  connectionProblem(nodes, edges, state.fromNode.id, state.toNode.id, state.fromHandle?.id ?? MAIN) ??
                    "those handles cannot be connected",
                );
            }}
            onNodeDragStart={record}
            onNodeClick={() => setPanel("node")}
            deleteKeyCode={null}
            selectionKeyCode="Shift"
            multiSelectionKeyCode={["Shift", "Meta", "Control"]}
            nodesDraggable={!readOnly}
            nodesConnectable={!readOnly}
            onlyRenderVisibleElements
            fitView
            fitViewOptions={{ maxZoom: 1 }}
            minZoom={0.1}
            proOptions={{ hideAttribution: true }}
          >
            <Background />
            <Controls aria-label="Zoom" showFitView={false} />
            {nodes.length > 30 && <MiniMap pannable zoomable ariaLabel="Overview" />}
          </ReactFlow>
        </div>
        <div className="side">
          <RunPanel
            workflowId={workflow.id}
            status={view.status ?? (execution.data?.status as string | undefined) ?? null}
            execution={execution.data ?? null}
            onRun={run}
            onFollow={setExecutionId}
          />
          {panel === "versions" && (
            <VersionsPanel
              workflow={workflow}
              readOnly={readOnly}
              types={typeInfo}
              onRolledBack={(next) => {
                const theirs = toFlow(next.definition as unknown as Definition, typeInfo);
                setNodes(theirs.nodes);
                setEdges(theirs.edges);
                setWorkflow(next);
                setDirty(false);
              }}
              onClose={() => setPanel("node")}
            />
          )}
          {panel === "details" && (
            <DetailsPanel workflow={workflow} readOnly={readOnly} onChanged={setWorkflow} onClose={() => setPanel("node")} />
          )}
          {panel === "activation" && (
            <ActivationPanel workflow={workflow} definition={definition} readOnly={readOnly} onChanged={setWorkflow} onClose={() => setPanel("node")} />
          )}
          {panel === "node" && focused && execution.data && (
            <StepInspector execution={execution.data} nodeId={focused.id} definition={definition} />
          )}
          {panel === "node" && focused && (
            <NodeInspector
              key={focused.id}
              node={focused}
              nodeType={typeByName.get(focused.data.definition.type)}
              others={nodes.filter((node) => node.id !== focused.id && !node.data.trigger)}
              errors={fieldErrors[focused.id] ?? NO_ERRORS}
              expressions={expressionContext}
              readOnly={readOnly}
              onChange={(next) => updateNode(focused.id, next)}
              onRename={rename}
              onConnect={(output, target) => connect({ source: focused.id, target, sourceHandle: output, targetHandle: "in" })}
              onDelete={deleteSelection}
            />
          )}
          {panel === "node" && !focused && (
            <p className="muted hint">
              {selected.length > 1 ? `${selected.length} nodes selected.` : "Select a node to edit it; add nodes from the palette."} Press ? for
              shortcuts.
            </p>
          )}
        </div>
      </div>
      <ShortcutsDialog open={help} onClose={() => setHelp(false)} />
    </div>
  );
}
