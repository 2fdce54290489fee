// Messages of the screens signed-in people open now and then: the "Signaler" dialog and "Mon profil" (also the
// flag reasons shown in the moderation queue). They travel in the lazily loaded chunks that import this module.
import { registerMessages } from './i18n';

const fr = {
  'flag.dialogTitle': 'Signaler ce message',
  'flag.source': 'Message de {author}',
  'flag.intro':
    "Les modérateurs du débat examineront ce message. Les autres participants ne voient pas qui l'a signalé.",
  'flag.reasonLegend': 'Motif du signalement',
  'flag.reason.spam': 'Spam ou publicité',
  'flag.reason.abuse': 'Propos injurieux, haineux ou harcèlement',
  'flag.reason.off_topic': 'Hors sujet',
  'flag.reason.personal_data': 'Données personnelles (adresse, téléphone…)',
  'flag.reason.other': 'Autre motif',
  'flag.submit': 'Envoyer le signalement',
  'flag.chooseReason': 'Choisissez un motif.',
  'flag.ownPost': 'Vous ne pouvez pas signaler votre propre message : modifiez-le ou supprimez-le.',
  'profile.title': 'Mon profil',
  'profile.signIn': 'Connectez-vous pour voir votre profil.',
  'profile.emailIs': 'Adresse e-mail de connexion :',
  'profile.displayName': 'Nom affiché',
  'profile.displayNameHint': 'Il apparaît à côté de vos contributions. {max} caractères au plus.',
  'profile.nameInvalid': 'Indiquez un nom de 1 à {max} caractères.',
  'profile.save': 'Enregistrer le nom',
  'profile.saved': 'Votre nom affiché est maintenant « {name} ».',
  'profile.dataTitle': 'Vos données',
  'profile.dataText':
    "L'export et la suppression de vos données en libre-service sont en cours de développement. En attendant, vous pouvez les demander à l'opérateur de cette instance.",
  'profile.privacyLink': 'Confidentialité et données personnelles',
} as const;

export type MemberMessageKey = keyof typeof fr;

const en: Record<MemberMessageKey, string> = {
  'flag.dialogTitle': 'Report this message',
  'flag.source': 'Message by {author}',
  'flag.intro': "The debate's moderators will review this message. Other participants do not see who reported it.",
  'flag.reasonLegend': 'Reason for reporting',
  'flag.reason.spam': 'Spam or advertising',
  'flag.reason.abuse': 'Insulting or hateful words, or harassment',
  'flag.reason.off_topic': 'Off topic',
  'flag.reason.personal_data': 'Personal data (address, phone number…)',
  'flag.reason.other': 'Another reason',
  'flag.submit': 'Send the report',
  'flag.chooseReason': 'Choose a reason.',
  'flag.ownPost': 'You cannot report your own message: edit or delete it instead.',
  'profile.title': 'My profile',
  'profile.signIn': 'Sign in to see your profile.',
  'profile.emailIs': 'Sign-in email address:',
  'profile.displayName': 'Display name',
  'profile.displayNameHint': 'It is shown next to your contributions. At most {max} characters.',
  'profile.nameInvalid': 'Enter a name of 1 to {max} characters.',
  'profile.save': 'Save the name',
  'profile.saved': 'Your display name is now “{name}”.',
  'profile.dataTitle': 'Your data',
  'profile.dataText':
    'Self-service export and deletion of your data are being developed. Until then, you can ask the operator of this instance for them.',
  'profile.privacyLink': 'Privacy and personal data',
};

registerMessages('fr', fr);
registerMessages('en', en);
