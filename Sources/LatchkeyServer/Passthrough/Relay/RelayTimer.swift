import NIOCore

/// The one timer of a server connection's relayed calls. A call arms it for its deadline and disarms it when it ends;
/// the scheduled task outlives the call, and only a deadline earlier than the task's schedules a new one. A task that
/// fires before the current deadline schedules itself again for it, and one that finds no call armed does nothing. So
/// a connection serving call after call schedules about one task per time limit, not one per call, and arming it
/// reads no clock: the call gives the deadline from an instant it has read already.
///
/// Used on the connection's event loop only; `stop` it when the connection closes.
final class RelayTimer {
    private var eventLoop: (any EventLoop)?
    /// The task scheduled, and the deadline it was scheduled for.
    private var scheduled: (task: Scheduled<Void>, deadline: NIODeadline)?
    private var armed: (deadline: NIODeadline, call: RelayedCall)?

    /// Tells `call` once `deadline` has passed, on `eventLoop` (the connection's), unless it disarms first; replaces
    /// any earlier arming.
    func arm(until deadline: NIODeadline, for call: RelayedCall, on eventLoop: any EventLoop) {
        self.eventLoop = eventLoop
        armed = (deadline, call)
        if let scheduled, scheduled.deadline <= deadline { return }
        schedule(at: deadline)
    }

    func disarm() {
        armed = nil
    }

    /// Disarms and cancels the task.
    func stop() {
        armed = nil
        scheduled?.task.cancel()
        scheduled = nil
    }

    private func schedule(at deadline: NIODeadline) {
        scheduled?.task.cancel()
        scheduled = nil
        guard let task = eventLoop?.assumeIsolated().scheduleTask(deadline: deadline, { self.fired() }) else { return }
        scheduled = (task, deadline)
    }

    private func fired() {
        scheduled = nil
        guard let (deadline, call) = armed else { return }
        guard deadline <= .now() else { return schedule(at: deadline) }
        armed = nil
        call.timerFired()
    }
}
