export default {
  zh: {
    // the window's step on a booking, as the to-do list names steps
    step: { handle: '处理预约' },
    appointment: {
      nav: { mine: '我的预约', window: '预约办理' },
      todo: '在线预约（确认或改约）',
      fromGuide: '预约到窗口办理', fromGuideHint: '可先预约时段再到窗口，少排队；不预约也可以直接到窗口办理。', loginToBook: '登录后预约',
      book: {
        title: '预约窗口办理', community: '办理社区', communityPlaceholder: '选择社区窗口', day: '日期', slot: '时段', free: '余 {n}', full: '已满',
        closed: '不办公', noSlots: '当天没有可预约的时段', applicant: '申请人', self: '以本人实名信息预约：{name}', proxyHint: '您是代办员：请填写委托您办理的申请人信息。',
        type: '申请人类型', name: '姓名 / 名称', id: '身份证号 / 信用代码', phone: '联系电话', submit: '提交预约', pick: '请选择社区、日期和时段',
        done: '预约已提交', doneHint: '窗口将在 1 个工作小时内确认或调整，结果会通知您。', number: '预约编号', when: '预约时段', toMine: '查看我的预约',
        optional: '预约不是必须的：不预约也可以直接到窗口办理，窗口一视同仁。', slotMinutes: '每个时段 {n} 分钟，每时段可约 {c} 人',
      },
      mine: { title: '我的预约', none: '您还没有预约。', cancel: '取消预约', cancelConfirm: '确定取消预约 {n}？', cancelled: '预约已取消', movedReason: '改约原因：{reason}', filed: '已转为办件 {n}', find: '去办事指南' },
      window: {
        title: '预约办理', from: '日期', days: '天数', dayUnit: '{n} 天', none: '这段时间没有预约。', confirm: '确认', move: '改约', checkIn: '签到并受理', noShow: '未到场',
        confirmed: '已确认预约 {n}', moved: '已改约 {n}', noShown: '已记为未到场', moveTitle: '改约 {n}', newSlot: '新时段', reason: '改约原因', reasonHint: '将通知预约人',
        reasonRequired: '请填写改约原因（至少 2 个字）', slotRequired: '请选择新时段', applicant: '申请人', bookedAt: '预约提交', handled: '{who} 于 {at} 处理',
        due: '须在 1 个工作小时内确认或改约', filed: '办件 {n}',
      },
      filing: { prefilled: '已按预约 {n} 预填事项和申请人信息，请核对证件后受理。', linked: '预约 {n} 已关联本办件' },
    },
  },
  en: {
    step: { handle: 'Handle booking' },
    appointment: {
      nav: { mine: 'My appointments', window: 'Appointments' },
      todo: 'Online appointment (confirm or move)',
      fromGuide: 'Book a window appointment', fromGuideHint: 'Book a slot to queue less; you can also come to the window without booking.', loginToBook: 'Log in to book',
      book: {
        title: 'Book a window appointment', community: 'Community', communityPlaceholder: 'Choose a community window', day: 'Day', slot: 'Slot', free: '{n} left', full: 'Full',
        closed: 'Closed', noSlots: 'No bookable slots that day', applicant: 'Applicant', self: 'Booked in your registered name: {name}', proxyHint: 'You are a proxy agent: enter the applicant who asked you.',
        type: 'Applicant type', name: 'Name', id: 'ID number / credit code', phone: 'Phone', submit: 'Book', pick: 'Choose a community, a day and a slot',
        done: 'Booking sent', doneHint: 'The window confirms or adjusts it within 1 working hour and tells you.', number: 'Appointment number', when: 'Slot', toMine: 'My appointments',
        optional: 'Booking is optional: the window serves people who come without one just the same.', slotMinutes: '{n}-minute slots, {c} people per slot',
      },
      mine: { title: 'My appointments', none: 'You have no appointments.', cancel: 'Cancel', cancelConfirm: 'Cancel appointment {n}?', cancelled: 'Appointment cancelled', movedReason: 'Moved because: {reason}', filed: 'Filed as {n}', find: 'Find a service' },
      window: {
        title: 'Appointments', from: 'From', days: 'Days', dayUnit: '{n} days', none: 'No appointments in this period.', confirm: 'Confirm', move: 'Move', checkIn: 'Check in and file', noShow: 'No-show',
        confirmed: 'Appointment {n} confirmed', moved: 'Appointment {n} moved', noShown: 'Marked as a no-show', moveTitle: 'Move {n}', newSlot: 'New slot', reason: 'Reason', reasonHint: 'the booker is told',
        reasonRequired: 'Give the reason (2 characters at least)', slotRequired: 'Choose the new slot', applicant: 'Applicant', bookedAt: 'Booked', handled: 'handled by {who} at {at}',
        due: 'Confirm or move within 1 working hour', filed: 'Application {n}',
      },
      filing: { prefilled: 'Item and applicant filled in from appointment {n}; check the ID before accepting.', linked: 'Appointment {n} linked to this application' },
    },
  },
};
