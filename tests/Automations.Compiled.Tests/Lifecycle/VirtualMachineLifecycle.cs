namespace Automations.Compiled.Tests.Lifecycle
{
    // The template the lifecycle benchmarks measure (benchmarks/Automations.Compiled.Benchmarks links this file) and
    // LifecycleScaleTests checks: 20 states and 60 actions, several per state, with mixed access levels and priorities,
    // create and destroy actions, and flows that fail to an error state or back to where they started.

    /// <summary>A virtual machine of a cloud console.</summary>
    public sealed record VirtualMachine(string Name);

    [Flow("vm-provision")]
    public sealed partial class ProvisionVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Provision(VirtualMachine machine) => "provisioned " + machine.Name;
    }

    [Flow("vm-boot")]
    public sealed partial class BootVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Boot(VirtualMachine machine) => "booted " + machine.Name;
    }

    [Flow("vm-resize")]
    public sealed partial class ResizeVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Resize(VirtualMachine machine) => "resized " + machine.Name;
    }

    [Flow("vm-snapshot")]
    public sealed partial class SnapshotVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Snapshot(VirtualMachine machine) => "snapshotted " + machine.Name;
    }

    [Flow("vm-migrate")]
    public sealed partial class MigrateVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Migrate(VirtualMachine machine) => "migrated " + machine.Name;
    }

    [Flow("vm-repair")]
    public sealed partial class RepairVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Repair(VirtualMachine machine) => "repaired " + machine.Name;
    }

    [Flow("vm-restore")]
    public sealed partial class RestoreVm : IFlow<VirtualMachine>
    {
        [Action(1)]
        private static string Restore(VirtualMachine machine) => "restored " + machine.Name;
    }

    /// <summary>A virtual machine's life: 20 states (9 resting, 11 transit), 60 actions.</summary>
    [Lifecycle("virtual-machine", typeof(VirtualMachine), Description = "A virtual machine of a cloud console")]
    [LifecycleState("Provisioning")]
    [LifecycleState("Stopped")]
    [LifecycleState("Starting")]
    [LifecycleState("Running")]
    [LifecycleState("Stopping")]
    [LifecycleState("Restarting")]
    [LifecycleState("Suspending")]
    [LifecycleState("Suspended")]
    [LifecycleState("Resuming")]
    [LifecycleState("Resizing")]
    [LifecycleState("Snapshotting")]
    [LifecycleState("Migrating")]
    [LifecycleState("Maintenance")]
    [LifecycleState("Degraded")]
    [LifecycleState("Rescue")]
    [LifecycleState("Locked")]
    [LifecycleState("Repairing")]
    [LifecycleState("Error")]
    [LifecycleState("Deleting")]
    [LifecycleState("Archived", Final = true)]
    // Create actions
    [LifecycleAction("Create", Transit = "Provisioning", To = "Stopped", Flow = typeof(ProvisionVm))]
    [LifecycleAction("Create and start", Transit = "Provisioning", To = "Running", Error = "Error", Flow = typeof(ProvisionVm), Priority = 1)]
    [LifecycleAction("Clone", Transit = "Provisioning", To = "Stopped", Error = "Error", Flow = typeof(ProvisionVm), Access = AccessLevel.Manager, Priority = 3)]
    [LifecycleAction("Import", Transit = "Provisioning", To = "Stopped", Access = AccessLevel.Root, Priority = 5)]
    // From Stopped
    [LifecycleAction("Start", From = "Stopped", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(BootVm))]
    [LifecycleAction("Resize", From = "Stopped", Transit = "Resizing", To = "Stopped", Error = "Error", Flow = typeof(ResizeVm), Priority = 2)]
    [LifecycleAction("Snapshot", From = "Stopped", Transit = "Snapshotting", To = "Stopped", Flow = typeof(SnapshotVm), Priority = 3)]
    [LifecycleAction("Migrate", From = "Stopped", Transit = "Migrating", To = "Stopped", Error = "Error", Flow = typeof(MigrateVm), Access = AccessLevel.Manager, Priority = 4)]
    [LifecycleAction("Enter maintenance", From = "Stopped", Transit = "Stopping", To = "Maintenance", Access = AccessLevel.Manager, Priority = 5)]
    [LifecycleAction("Start in rescue mode", From = "Stopped", Transit = "Starting", To = "Rescue", Error = "Error", Flow = typeof(BootVm), Access = AccessLevel.Manager, Priority = 6)]
    [LifecycleAction("Lock", From = "Stopped", Transit = "Suspending", To = "Locked", Access = AccessLevel.Manager, Priority = 7)]
    [LifecycleAction("Rebuild", From = "Stopped", Transit = "Provisioning", To = "Stopped", Error = "Error", Flow = typeof(ProvisionVm), Access = AccessLevel.Root, Priority = 8)]
    [LifecycleAction("Archive", From = "Stopped", Transit = "Deleting", To = "Archived", Flow = typeof(SnapshotVm), Access = AccessLevel.Root, Priority = 8)]
    [LifecycleAction("Delete", From = "Stopped", Transit = "Deleting", Access = AccessLevel.Manager, Priority = 9)]
    // From Running
    [LifecycleAction("Stop", From = "Running", Transit = "Stopping", To = "Stopped")]
    [LifecycleAction("Restart", From = "Running", Transit = "Restarting", To = "Running", Error = "Error", Flow = typeof(BootVm), Priority = 1)]
    [LifecycleAction("Suspend", From = "Running", Transit = "Suspending", To = "Suspended", Priority = 2)]
    [LifecycleAction("Snapshot", From = "Running", Transit = "Snapshotting", To = "Running", Flow = typeof(SnapshotVm), Priority = 3)]
    [LifecycleAction("Resize", From = "Running", Transit = "Resizing", To = "Running", Error = "Degraded", Flow = typeof(ResizeVm), Access = AccessLevel.Manager, Priority = 4)]
    [LifecycleAction("Migrate", From = "Running", Transit = "Migrating", To = "Running", Error = "Degraded", Flow = typeof(MigrateVm), Access = AccessLevel.Manager, Priority = 5)]
    [LifecycleAction("Force stop", From = "Running", Transit = "Stopping", To = "Stopped", Access = AccessLevel.Manager, Priority = 6)]
    [LifecycleAction("Lock", From = "Running", Transit = "Suspending", To = "Locked", Access = AccessLevel.Manager, Priority = 7)]
    [LifecycleAction("Enter maintenance", From = "Running", Transit = "Stopping", To = "Maintenance", Access = AccessLevel.Manager, Priority = 8)]
    [LifecycleAction("Delete", From = "Running", Transit = "Deleting", Access = AccessLevel.Root, Priority = 9)]
    // From Suspended
    [LifecycleAction("Resume", From = "Suspended", Transit = "Resuming", To = "Running", Error = "Error", Flow = typeof(BootVm))]
    [LifecycleAction("Stop", From = "Suspended", Transit = "Stopping", To = "Stopped", Priority = 1)]
    [LifecycleAction("Snapshot", From = "Suspended", Transit = "Snapshotting", To = "Suspended", Flow = typeof(SnapshotVm), Priority = 2)]
    [LifecycleAction("Migrate", From = "Suspended", Transit = "Migrating", To = "Suspended", Error = "Error", Flow = typeof(MigrateVm), Access = AccessLevel.Manager, Priority = 4)]
    [LifecycleAction("Lock", From = "Suspended", Transit = "Suspending", To = "Locked", Access = AccessLevel.Manager, Priority = 5)]
    [LifecycleAction("Delete", From = "Suspended", Transit = "Deleting", Access = AccessLevel.Manager, Priority = 9)]
    // From Degraded
    [LifecycleAction("Repair", From = "Degraded", Transit = "Repairing", To = "Running", Error = "Error", Flow = typeof(RepairVm))]
    [LifecycleAction("Restart", From = "Degraded", Transit = "Restarting", To = "Running", Error = "Degraded", Flow = typeof(BootVm), Priority = 1)]
    [LifecycleAction("Stop", From = "Degraded", Transit = "Stopping", To = "Stopped", Priority = 2)]
    [LifecycleAction("Migrate", From = "Degraded", Transit = "Migrating", To = "Running", Error = "Error", Flow = typeof(MigrateVm), Access = AccessLevel.Manager, Priority = 3)]
    [LifecycleAction("Snapshot", From = "Degraded", Transit = "Snapshotting", To = "Degraded", Flow = typeof(SnapshotVm), Priority = 4)]
    [LifecycleAction("Enter maintenance", From = "Degraded", Transit = "Stopping", To = "Maintenance", Access = AccessLevel.Manager, Priority = 5)]
    [LifecycleAction("Delete", From = "Degraded", Transit = "Deleting", Access = AccessLevel.Root, Priority = 9)]
    // From Maintenance
    [LifecycleAction("Repair", From = "Maintenance", Transit = "Repairing", To = "Stopped", Error = "Error", Flow = typeof(RepairVm), Access = AccessLevel.Manager)]
    [LifecycleAction("Start", From = "Maintenance", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(BootVm), Access = AccessLevel.Manager, Priority = 1)]
    [LifecycleAction("Leave maintenance", From = "Maintenance", Transit = "Resuming", To = "Stopped", Access = AccessLevel.Manager, Priority = 2)]
    [LifecycleAction("Resize", From = "Maintenance", Transit = "Resizing", To = "Maintenance", Error = "Error", Flow = typeof(ResizeVm), Access = AccessLevel.Manager, Priority = 3)]
    [LifecycleAction("Start in rescue mode", From = "Maintenance", Transit = "Starting", To = "Rescue", Error = "Error", Flow = typeof(BootVm), Access = AccessLevel.Root, Priority = 4)]
    [LifecycleAction("Archive", From = "Maintenance", Transit = "Deleting", To = "Archived", Flow = typeof(SnapshotVm), Access = AccessLevel.Root, Priority = 8)]
    // From Rescue
    [LifecycleAction("Restart", From = "Rescue", Transit = "Restarting", To = "Running", Error = "Error", Flow = typeof(BootVm))]
    [LifecycleAction("Stop", From = "Rescue", Transit = "Stopping", To = "Stopped", Priority = 1)]
    [LifecycleAction("Repair", From = "Rescue", Transit = "Repairing", To = "Running", Error = "Rescue", Flow = typeof(RepairVm), Access = AccessLevel.Manager, Priority = 2)]
    [LifecycleAction("Snapshot", From = "Rescue", Transit = "Snapshotting", To = "Rescue", Flow = typeof(SnapshotVm), Priority = 3)]
    [LifecycleAction("Delete", From = "Rescue", Transit = "Deleting", Access = AccessLevel.Root, Priority = 9)]
    // From Locked
    [LifecycleAction("Unlock", From = "Locked", Transit = "Resuming", To = "Stopped", Access = AccessLevel.Manager)]
    [LifecycleAction("Unlock and start", From = "Locked", Transit = "Starting", To = "Running", Error = "Error", Flow = typeof(BootVm), Access = AccessLevel.Manager, Priority = 1)]
    [LifecycleAction("Archive", From = "Locked", Transit = "Deleting", To = "Archived", Flow = typeof(SnapshotVm), Access = AccessLevel.Root, Priority = 8)]
    [LifecycleAction("Delete", From = "Locked", Transit = "Deleting", Access = AccessLevel.Root, Priority = 9)]
    // From Error
    [LifecycleAction("Retry", From = "Error", Transit = "Repairing", To = "Running", Error = "Error", Flow = typeof(RepairVm))]
    [LifecycleAction("Repair", From = "Error", Transit = "Repairing", To = "Stopped", Error = "Error", Flow = typeof(RepairVm), Access = AccessLevel.Manager, Priority = 1)]
    [LifecycleAction("Reset", From = "Error", Transit = "Stopping", To = "Stopped", Access = AccessLevel.Manager, Priority = 2)]
    [LifecycleAction("Start in rescue mode", From = "Error", Transit = "Starting", To = "Rescue", Error = "Error", Flow = typeof(BootVm), Access = AccessLevel.Manager, Priority = 3)]
    [LifecycleAction("Restore snapshot", From = "Error", Transit = "Provisioning", To = "Stopped", Error = "Error", Flow = typeof(RestoreVm), Access = AccessLevel.Manager, Priority = 4)]
    [LifecycleAction("Enter maintenance", From = "Error", Transit = "Stopping", To = "Maintenance", Access = AccessLevel.Manager, Priority = 5)]
    [LifecycleAction("Archive", From = "Error", Transit = "Deleting", To = "Archived", Flow = typeof(SnapshotVm), Access = AccessLevel.Root, Priority = 8)]
    [LifecycleAction("Delete", From = "Error", Transit = "Deleting", Access = AccessLevel.Root, Priority = 9)]
    public partial class VirtualMachineLifecycle
    {
    }
}
