;; The syntax-tree walk of cst.ts, in WebAssembly: one call from JavaScript
;; walks a whole tree with web-tree-sitter's cursor functions (imported from
;; its runtime, so each is a call from WebAssembly to WebAssembly) and writes
;; one record per node into this module's own memory, in document order:
;;
;;   word 0  the node's type id (bits 0-15), 1 << 16 when the node is named
;;   word 1  its start index, word 2 its end index (code units, as web-tree-sitter gives them)
;;   word 3  the record number of its parent (-1 for the root)
;;
;; The cursor is the one in the runtime's transfer buffer (cst.ts puts it
;; there); every move leaves the moved cursor there. Assembled by
;; scripts/walk-wasm.mjs (wabt's wat2wasm) into walk-wasm.ts.
(module
  (import "cursor" "first_child" (func $first_child (param i32) (result i32)))
  (import "cursor" "next_sibling" (func $next_sibling (param i32) (result i32)))
  (import "cursor" "parent" (func $parent (param i32) (result i32)))
  (import "cursor" "type_id" (func $type_id (param i32) (result i32)))
  (import "cursor" "is_named" (func $is_named (param i32) (result i32)))
  (import "cursor" "start_index" (func $start_index (param i32) (result i32)))
  (import "cursor" "end_index" (func $end_index (param i32) (result i32)))
  (memory (export "memory") 1)

  ;; Record the cursor's node as record $n, child of record $up. 0 when memory could not grow.
  (func $record (param $tree i32) (param $n i32) (param $up i32) (result i32)
    (local $at i32)
    (local.set $at (i32.shl (local.get $n) (i32.const 4)))
    ;; Grow by a page (4096 records) when this record would not fit.
    (if (i32.gt_u (i32.add (local.get $at) (i32.const 16)) (i32.shl (memory.size) (i32.const 16)))
      (then
        (if (i32.eq (memory.grow (i32.const 1)) (i32.const -1))
          (then (return (i32.const 0))))))
    (i32.store offset=0 (local.get $at)
      (i32.or
        (i32.and (call $type_id (local.get $tree)) (i32.const 0xffff))
        (i32.shl (i32.ne (call $is_named (local.get $tree)) (i32.const 0)) (i32.const 16))))
    (i32.store offset=4 (local.get $at) (call $start_index (local.get $tree)))
    (i32.store offset=8 (local.get $at) (call $end_index (local.get $tree)))
    (i32.store offset=12 (local.get $at) (local.get $up))
    (i32.const 1))

  ;; Walk the tree from the cursor's node: the number of records, or -1 when memory ran out.
  (func (export "walk") (param $tree i32) (result i32)
    (local $n i32)
    (local $up i32)
    (if (i32.eqz (call $record (local.get $tree) (i32.const 0) (i32.const -1)))
      (then (return (i32.const -1))))
    (local.set $n (i32.const 1))
    (if (i32.eqz (call $first_child (local.get $tree)))
      (then (return (local.get $n))))
    ;; $up: the record of the parent of the cursor's node.
    (local.set $up (i32.const 0))
    (loop $nodes
      (if (i32.eqz (call $record (local.get $tree) (local.get $n) (local.get $up)))
        (then (return (i32.const -1))))
      (local.set $n (i32.add (local.get $n) (i32.const 1)))
      ;; Down to the first child: the node just recorded is the new parent.
      (if (call $first_child (local.get $tree))
        (then
          (local.set $up (i32.sub (local.get $n) (i32.const 1)))
          (br $nodes)))
      ;; Else on to the next sibling, climbing while there is none.
      (block $found
        (loop $climb
          (br_if $found (call $next_sibling (local.get $tree)))
          ;; Up to the parent; back at the root, the walk is over.
          (if (i32.eqz (call $parent (local.get $tree)))
            (then (return (local.get $n))))
          (local.set $up (i32.load offset=12 (i32.shl (local.get $up) (i32.const 4))))
          (if (i32.lt_s (local.get $up) (i32.const 0))
            (then (return (local.get $n))))
          (br $climb)))
      (br $nodes))
    (local.get $n)))
