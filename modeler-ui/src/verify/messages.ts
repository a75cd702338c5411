export default {
  zh: {
    verify: {
      title: '电子证照核验', subtitle: '扫描证照上的二维码，或粘贴电子证照文件，核验真伪',
      checking: '正在核验…', genuine: '真实有效', revoked: '已撤销', unverifiable: '无法核验',
      genuineHint: '本证照由本平台签发，签名验证通过，内容未被改动。',
      revokedHint: '本证照已由发证单位撤销，不再有效。',
      unverifiableHint: '没有找到这份电子证照，或其内容与签名不符。请核对二维码或文件是否完整。',
      number: '证照编号', item: '证照名称', holder: '持证人', idNumber: '证件号码', issuer: '发证单位', issuedAt: '发证日期',
      validUntil: '有效期', forever: '长期有效', revokedAt: '撤销时间', revokeReason: '撤销原因', certificateId: '电子证照标识', keyId: '签名密钥',
      masked: '为保护个人信息，持证人姓名和证件号码仅显示部分。',
      pasteTitle: '核验电子证照文件', pasteHint: '粘贴电子证照文件（certificate.json）的全部内容，或选择文件',
      paste: '电子证照文件内容', pastePlaceholder: '以 payload 和 signature 两部分组成的 JSON', chooseFile: '选择文件', check: '核验',
      notJson: '内容不是有效的电子证照文件（JSON）：{why}', byId: '按标识核验', idLabel: '电子证照标识', idPlaceholder: '如 EC 开头的 22 位标识', go: '核验',
      idInvalid: '电子证照标识为 EC 加 20 位数字或字母 A–F',
    },
  },
  en: {
    verify: {
      title: 'Verify an electronic certificate', subtitle: 'Scan the QR code on the certificate, or paste the certificate file, to check it',
      checking: 'Checking…', genuine: 'Genuine and valid', revoked: 'Revoked', unverifiable: 'Cannot be verified',
      genuineHint: 'Issued by this platform; the signature checks and the content is unchanged.',
      revokedHint: 'The issuing unit has revoked this certificate; it is no longer valid.',
      unverifiableHint: 'No such electronic certificate, or its content does not match its signature. Check the QR code or the file.',
      number: 'Certificate number', item: 'Certificate', holder: 'Holder', idNumber: 'ID number', issuer: 'Issued by', issuedAt: 'Issued on',
      validUntil: 'Valid until', forever: 'No end date', revokedAt: 'Revoked on', revokeReason: 'Reason', certificateId: 'Certificate id', keyId: 'Signing key',
      masked: 'To protect personal data, the holder’s name and ID number are shown in part only.',
      pasteTitle: 'Check a certificate file', pasteHint: 'Paste the whole certificate file (certificate.json), or choose the file',
      paste: 'Certificate file', pastePlaceholder: 'JSON with its payload and signature', chooseFile: 'Choose file', check: 'Check',
      notJson: 'This is not an electronic certificate file (JSON): {why}', byId: 'Check by id', idLabel: 'Certificate id', idPlaceholder: 'EC followed by 20 characters', go: 'Check',
      idInvalid: 'A certificate id is EC followed by 20 digits or letters A–F',
    },
  },
};
