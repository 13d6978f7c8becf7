import NIOCore

/// The one timer of a server connection's relayed calls. A call arms it for its deadline and disarms it when it ends;
/// the scheduled task outlives the call, and only a deadline earlier than the task's schedules a new one. A task that
/// fires before the current deadline schedules itself again for it, and one that finds no call armed does nothing. So
/// a connection serving call after call schedules about one task per time limit, not one per call.
///
/// Used on the connection's event loop only; `stop` it when the connection closes.
final class RelayTimer {
    private var eventLoop: (any EventLoop)?
    private var task: Scheduled<Void>?
    private var taskDeadline = NIODeadline.distantFuture
    private var armed: (deadline: NIODeadline, call: RelayedCall)?

    /// Tells `call` when `wait` has passed on `eventLoop` (the connection's), unless it disarms first; replaces any
    /// earlier arming.
    func arm(in wait: Duration, for call: RelayedCall, on eventLoop: any EventLoop) {
        let deadline = NIODeadline.now() + TimeAmount(wait)
        self.eventLoop = eventLoop
        armed = (deadline, call)
        if task == nil || taskDeadline > deadline { schedule(at: deadline) }
    }

    func disarm() {
        armed = nil
    }

    /// Disarms and cancels the task.
    func stop() {
        armed = nil
        task?.cancel()
        task = nil
    }

    private func schedule(at deadline: NIODeadline) {
        task?.cancel()
        taskDeadline = deadline
        task = eventLoop?.assumeIsolated().scheduleTask(deadline: deadline) { self.fired() }
    }

    private func fired() {
        task = nil
        guard let (deadline, call) = armed else { return }
        guard deadline <= .now() else { return schedule(at: deadline) }
        armed = nil
        call.timerFired()
    }
}
