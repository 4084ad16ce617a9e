-- Genealogy plan types: the rules that drive the simulator. They must never be lost, so they are
-- declared as protected data in ferry.yaml (audit trail, JSON Schemas, snapshots, doctor).
CREATE TABLE plan_types (
    code                  VARCHAR(20) PRIMARY KEY,
    name                  VARCHAR(100) NOT NULL UNIQUE CHECK (length(trim(name)) > 0),
    description           TEXT,
    max_children_per_node INT NOT NULL CHECK (max_children_per_node > 0),
    rules                 JSONB NOT NULL,
    is_active             BOOLEAN NOT NULL DEFAULT true
);

INSERT INTO plan_types (code, name, description, max_children_per_node, rules) VALUES
('binary', 'Binary Plan', 'Two children per parent, left first.', 2,
 '{"type": "binary", "filling_order": "left_to_right", "max_children": 2, "child_positions": ["left", "right"],
   "spillover_rules": {"enabled": false},
   "validation_rules": {"max_depth": null, "max_width": null, "balanced_tree": true},
   "simulation_settings": {"default_cycle_type": "weekly", "default_cycles": 12, "default_users_per_cycle": 100}}'),
('matrix', 'Matrix Plan', 'A strict limit per parent; new members spill to the next free downline node.', 3,
 '{"type": "matrix", "filling_order": "breadth_first", "max_children": 3, "child_positions": ["child"],
   "spillover_rules": {"enabled": true, "method": "next_available_downline"},
   "validation_rules": {"max_depth": null, "max_width": 3, "balanced_tree": true},
   "simulation_settings": {"default_cycle_type": "weekly", "default_cycles": 12, "default_users_per_cycle": 100, "spillover_threshold": 1.0}}'),
('unilevel', 'Unilevel Plan', 'No strict limit; max children is the average used for filling.', 10,
 '{"type": "unilevel", "filling_order": "depth_first", "max_children": 10, "child_positions": ["child"],
   "spillover_rules": {"enabled": true, "method": "next_available_downline"},
   "validation_rules": {"max_depth": null, "max_width": null, "balanced_tree": false},
   "simulation_settings": {"default_cycle_type": "weekly", "default_cycles": 12, "default_users_per_cycle": 100, "spillover_threshold": 0.8}}');
