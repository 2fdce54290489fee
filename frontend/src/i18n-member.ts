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
    'Vous pouvez télécharger tout ce que Palabre garde sur vous, ou supprimer votre compte, à tout moment.',
  'profile.privacyLink': 'Confidentialité et données personnelles',
  'account.downloadTitle': 'Télécharger mes données',
  'account.downloadText':
    'Un fichier JSON avec votre profil, vos rôles et consentements, vos messages et réponses, réactions, positions, votes, extraits récoltés, abonnements et notifications reçues, dans tous les débats.',
  'account.download': 'Télécharger mes données',
  'account.downloadPreparing': 'Préparation du fichier…',
  'account.downloadReady': 'Le fichier de vos données est téléchargé.',
  'account.fileName': 'mes-donnees',
  'account.deleteTitle': 'Supprimer mon compte',
  'account.deleteText':
    'Votre adresse e-mail, votre nom et vos rôles sont effacés. Vos contributions sont anonymisées ou supprimées, selon la règle de chaque débat.',
  'account.delete': 'Supprimer mon compte…',
  'account.dialogTitle': 'Supprimer définitivement votre compte ?',
  'account.dialogText':
    'Cette action est définitive : vous serez déconnecté et votre adresse e-mail, votre nom, vos rôles, abonnements et consentements seront effacés.',
  'account.dialogContributions':
    "Dans chaque débat, vos messages restent signés « Participant supprimé » ou sont retirés, selon la règle choisie par ses organisateurs ; vos votes et positions restent comptés, sans lien avec vous.",
  'account.confirmLabel': 'Pour confirmer, saisissez votre adresse e-mail',
  'account.confirmLabelName': 'Pour confirmer, saisissez votre nom affiché',
  'account.confirmMismatch': "Ce n'est pas l'adresse e-mail de ce compte.",
  'account.confirmMismatchName': "Ce n'est pas le nom affiché de ce compte.",
  'account.confirmDelete': 'Supprimer définitivement mon compte',
  'account.cancel': 'Annuler',
  'account.deletedTitle': 'Compte supprimé',
  'account.deleted': 'Votre compte est supprimé. Vous avez été déconnecté.',
  'account.deleting':
    'La suppression de votre compte est en cours et se termine dans quelques minutes. Vous avez été déconnecté.',
  'account.backHome': "Retour à l'accueil",
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
  'profile.dataText': 'You can download everything Palabre keeps about you, or delete your account, at any time.',
  'profile.privacyLink': 'Privacy and personal data',
  'account.downloadTitle': 'Download my data',
  'account.downloadText':
    'A JSON file with your profile, your roles and consents, your posts and replies, reactions, stances, votes, harvested extracts, subscriptions and notifications received, in every debate.',
  'account.download': 'Download my data',
  'account.downloadPreparing': 'Preparing the file…',
  'account.downloadReady': 'The file of your data is downloaded.',
  'account.fileName': 'my-data',
  'account.deleteTitle': 'Delete my account',
  'account.deleteText':
    'Your email address, name and roles are erased. Your contributions are anonymised or removed, as each debate’s rule says.',
  'account.delete': 'Delete my account…',
  'account.dialogTitle': 'Delete your account for good?',
  'account.dialogText':
    'This cannot be undone: you will be signed out and your email address, name, roles, subscriptions and consents will be erased.',
  'account.dialogContributions':
    'In each debate, your posts stay signed “Deleted participant” or are removed, as its organisers chose; your votes and stances still count, with no link to you.',
  'account.confirmLabel': 'To confirm, type your email address',
  'account.confirmLabelName': 'To confirm, type your display name',
  'account.confirmMismatch': 'This is not the email address of this account.',
  'account.confirmMismatchName': 'This is not the display name of this account.',
  'account.confirmDelete': 'Delete my account for good',
  'account.cancel': 'Cancel',
  'account.deletedTitle': 'Account deleted',
  'account.deleted': 'Your account is deleted. You have been signed out.',
  'account.deleting': 'Your account is being deleted; it will be finished in a few minutes. You have been signed out.',
  'account.backHome': 'Back to the home page',
};

registerMessages('fr', fr);
registerMessages('en', en);
