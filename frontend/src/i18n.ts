// Own typed dictionary: French is the default and the fallback language.
// `tsc` fails when the English dictionary misses a key of the French one.
import type { AdminMessageKey } from './i18n-admin';
import type { DashboardMessageKey } from './i18n-dashboard';
import type { MemberMessageKey } from './i18n-member';
import type { StaffMessageKey } from './i18n-staff';
import type { VoteMessageKey } from './i18n-vote';
import type { EditorMessageKey } from './i18n-vote-editor';

export type Lang = 'fr' | 'en';
export const LANGS: readonly Lang[] = ['fr', 'en'];
export const DEFAULT_LANG: Lang = 'fr';

const fr = {
  appName: 'Palabre',
  skipToContent: 'Aller au contenu principal',
  mainNav: 'Navigation principale',
  switchLang: 'English',
  switchLangTitle: 'Switch to English',
  signIn: 'Se connecter',
  signOut: 'Se déconnecter',
  signedInAs: 'Connecté en tant que',
  footerLicence: 'Logiciel libre sous licence AGPL-3.0',
  loading: 'Chargement…',
  retry: 'Réessayer',
  loadMore: 'Charger plus',
  breadcrumb: "Fil d'Ariane",
  home: 'Accueil',

  'home.title': 'Débats',
  'home.publicTitle': 'Consultations publiques',
  'home.empty': 'Aucune consultation publique pour le moment.',

  'myDebates.title': 'Mes débats',
  'myDebates.empty': 'Les débats auxquels vous êtes invité ou auxquels vous contribuez apparaîtront ici.',
  'myDebates.private': 'Privé',
  'debate.privateHint': ': seules les personnes invitées peuvent lire ce débat et y participer.',
  'myDebates.roles': 'Vos rôles : {roles}',
  'myDebates.since': 'depuis le {date}',

  'role.participant': 'Participant',
  'role.harvester': 'Récolteur',
  'role.moderator': 'Modérateur',
  'role.organiser': 'Organisateur',

  'status.open': 'Ouverte',
  'status.closed': 'Terminée',

  'debate.phases': 'Calendrier',
  'debate.phaseCurrent': 'en cours',
  'debate.phaseFrom': 'À partir du {start}',
  'debate.phaseRange': 'Du {start} au {end}',
  'debate.figures': 'En chiffres',
  'debate.dashboardLink': 'Tableau de bord : participation, groupes d’opinion, mots-clés',
  'debate.ideas': 'Table des idées',
  'debate.noIdeas': "Aucune idée n'a encore été proposée.",
  'debate.attribution': 'Source des données',
  'debate.archiveLink': 'Archive du débat (pages statiques et données ouvertes)',
  'debate.importedFrom': 'Données importées depuis {kind} :',
  'debate.closedNotice': "Cette consultation est terminée : il n'est plus possible d'y contribuer.",
  'debate.description': 'Présentation',

  'idea.posts': 'Contributions',
  'idea.subIdeas': 'Sous-thèmes',
  'idea.noPosts': 'Aucune contribution pour le moment.',
  'idea.contribute': 'Contribuer',
  'idea.loadedMore': '{count} contributions supplémentaires chargées.',

  'composer.label': 'Votre message',
  'composer.hint': 'Markdown accepté : **gras**, *italique*, listes, liens.',
  'composer.statement': 'Affirmation courte que les autres peuvent approuver ou non',
  'composer.submit': 'Publier',
  'composer.sending': 'Envoi en cours…',
  'composer.empty': 'Écrivez un message avant de publier.',
  'composer.published': 'Votre message a été publié.',
  'composer.pending': 'Votre message a été envoyé : il sera visible après modération.',
  'composer.signInToPost': 'Connectez-vous pour participer.',
  'composer.replyPublished': 'Votre réponse a été publiée.',

  'post.deleted': 'Message supprimé',
  'post.pending': 'En attente de modération',
  'post.rejected': 'Refusé par la modération',
  'post.hiddenBody': 'Le texte de ce message est masqué.',
  'post.reactWhenPublished': 'Les réactions seront possibles une fois le message publié.',
  'post.hide': 'Masquer',
  'post.hidden': 'Message masqué : les participants ne le voient plus.',
  'post.publish': 'Publier',
  'post.republish': 'Publier de nouveau',
  'post.publishedAgain': 'Message publié : les participants le voient.',
  'post.edited': 'modifié',
  'post.statement': 'Affirmation',
  'post.reactions': 'Réactions',
  'post.reply': 'Répondre',
  'post.cancelReply': 'Annuler',
  'post.viewThread': 'Voir la discussion',
  'post.signInToReact': 'Connectez-vous pour réagir.',
  'post.signInToReply': 'Connectez-vous pour répondre.',
  'post.anonymous': 'Participant anonyme',
  'post.deletedParticipant': 'Participant supprimé',

  'reaction.like': "J'aime",
  'reaction.disagree': "Pas d'accord",
  'reaction.dont_understand': 'Pas tout compris',
  'reaction.more_info': "SVP + d'infos",

  'stance.group': 'Votre avis sur cette affirmation',
  'stance.agree': "D'accord",
  'stance.disagree': "Pas d'accord",
  'stance.pass': 'Passer',

  'thread.title': 'Discussion',
  'thread.parent': 'Voir le message parent',
  'thread.idea': 'Thème : {title}',

  'signin.title': 'Connexion',
  'signin.intro': 'Recevez par e-mail un lien de connexion : aucun mot de passe nécessaire.',
  'signin.email': 'Adresse e-mail',
  'signin.emailHint': 'Format attendu : nom@domaine.fr',
  'signin.submit': 'Recevoir un lien de connexion',
  'signin.sent':
    "Vérifiez votre boîte de réception : un lien de connexion vous a été envoyé. Lors d'une exécution locale, le lien est affiché dans la console du serveur.",
  'signin.exchanging': 'Connexion en cours…',
  'signin.failed': "Ce lien de connexion n'est pas ou plus valable. Demandez-en un nouveau.",
  'signin.invalidEmail': 'Saisissez une adresse e-mail valide, par exemple nom@domaine.fr.',
  'signin.already': 'Vous êtes connecté en tant que {name}.',
  'signin.requestNew': 'Demander un nouveau lien',

  'notFound.title': 'Page introuvable',
  'notFound.text': "La page demandée n'existe pas ou n'est plus disponible.",
  'notFound.home': "Retour à l'accueil",

  'error.title': 'Une erreur est survenue',
  'error.config': "Impossible de charger la configuration de l'application (config.json).",
  'error.network_error': 'Impossible de joindre le serveur. Vérifiez votre connexion puis réessayez.',
  'error.unauthorized': 'Vous devez vous connecter pour faire cela.',
  'error.session_expired': 'Votre session a expiré. Reconnectez-vous.',
  'error.forbidden': "Vous n'avez pas le droit de faire cela.",
  'error.not_found': "Cet élément n'existe pas ou n'est plus disponible.",
  'error.rate_limited': 'Trop de demandes en peu de temps. Patientez un instant puis réessayez.',
  'error.rate_limited_wait': "Trop d'actions en peu de temps : vous pourrez réessayer dans {seconds} s.",
  'error.debate_closed': "Cette consultation est terminée : il n'est plus possible d'y contribuer.",
  'error.consent_required':
    'Acceptez d’abord les conditions de participation de ce débat (bouton « J’accepte » sur cette page).',
  'error.payload_too_large': 'Ce message est trop long.',
  'error.generic': 'Une erreur inattendue est survenue. Réessayez plus tard.',

  'common.cancel': 'Annuler',
  'common.none': 'Aucune',
  'common.choose': '— Choisir —',
  'common.saving': 'Enregistrement…',
  'common.empty': '(vide)',

  'debate.syntheses': 'Synthèses',
  'debate.synthesesLink': 'Synthèses publiées',
  'debate.writeSynthesis': 'Rédiger une synthèse',

  'harvest.selectionButton': 'Récolter dans une idée…',
  'harvest.postButton': 'Récolter',
  'harvest.selectionPreview': 'Passage sélectionné : « {quote} »',
  'harvest.saved': 'Extrait enregistré dans l’idée « {idea} ».',

  'extract.listSummary': 'Extraits récoltés dans ce message',
  'extract.markBefore': 'Début de l’extrait récolté : {nature}.',
  'extract.markBeforeSuggested': 'Début d’une suggestion d’extrait : {nature}.',
  'extract.markAfter': 'Fin de l’extrait.',
  'extract.nugget': 'Pépite',
  'extract.orphaned': 'Orphelin',
  'extract.orphanedHint': 'Les mots cités ne figurent plus dans le message modifié.',
  'extract.suggested': 'Suggestion automatique',
  'extract.rejected': 'Rejeté',
  'extract.paraphrase': 'Paraphrase',
  'extract.idea': 'Idée :',
  'extract.by': 'Récolté par {name} le {date}',
  'extract.suggestedOn': 'Suggéré automatiquement le {date}',
  'extract.confirmedOn': 'confirmé par un récolteur le {date}',
  'extract.rejectedOn': 'écarté par un récolteur le {date}',
  'extract.viewPassage': 'Voir le passage',
  'extract.viewPost': 'Voir le message',
  'extract.confirm': 'Confirmer',
  'extract.reject': 'Rejeter',
  'extract.confirmed': 'Suggestion confirmée : l’extrait est publié.',
  'extract.rejectedDone': 'Suggestion rejetée.',
  'extract.tags': 'Mots-clés :',
  'extract.action': 'Action :',
  'extract.notFound': "Le passage cité n'est plus visible dans ce message : le message a pu être modifié ou l'extrait retiré.",

  'idea.extracts': 'Extraits',
  'idea.noExtracts': "Aucun extrait n'a encore été récolté pour cette idée.",
  'idea.suggestions': 'Suggestions à valider',
  'idea.suggestionsHint': 'Extraits proposés automatiquement : confirmez-les pour les publier, ou rejetez-les.',
  'idea.loadMoreExtracts': "Charger plus d'extraits",
  'idea.loadMoreSuggestions': 'Charger plus de suggestions',
  'idea.extractsLoaded': '{count} extraits supplémentaires chargés.',
  'idea.suggestionsLoaded': '{count} suggestions supplémentaires chargées.',

  'nature.issue': 'Problématique',
  'nature.proposal': 'Proposition',
  'nature.argument': 'Argument',
  'nature.example': 'Exemple',
  'nature.fact': 'Fait',
  'nature.concept': 'Concept',
  'nature.knowledge': 'Connaissance',
  'nature.cognitive_bias': 'Biais cognitif',
  'nature.cause': 'Cause',
  'nature.experience': 'Expérience vécue',
  'nature.position_against': 'Position contre',
  'nature.position_for': 'Position pour',
  'nature.question': 'Question',

  'action.classify': 'À classer',
  'action.make_generic': 'Rendre plus générique',
  'action.argue': 'Argumenter',
  'action.give_examples': 'Donner des exemples',
  'action.more_specific': 'Préciser',
  'action.mix_and_match': 'Combiner avec d’autres idées',
  'action.display_multi_column': 'Présenter en colonnes',
  'action.display_thread': 'Présenter en fil de discussion',
  'action.display_tokens': 'Présenter en jetons',
  'action.display_open_questions': 'Présenter en questions ouvertes',

  'ideas.edit': 'Modifier la table des idées',

  'follow.follow': 'Suivre ce débat',
  'follow.unfollow': 'Ne plus suivre',
  'follow.hint': 'Recevez un e-mail à chaque synthèse publiée.',
  'follow.on': 'Vous suivez ce débat : vous recevrez un e-mail à chaque synthèse publiée.',
  'follow.off': 'Vous ne suivez plus ce débat.',
  'follow.signIn': 'Connectez-vous pour suivre ce débat.',
  'terms.title': 'Conditions de participation',
  'terms.read': 'Lire les conditions de participation (version {version})',
  'terms.needed': 'Pour contribuer à ce débat, acceptez ses conditions de participation (version {version}).',
  'terms.accept': "J'accepte les conditions de participation",
  'terms.accepted': 'Merci : vous pouvez maintenant contribuer.',
  'terms.acceptedOn': 'Vous avez accepté la version {version} le {date}.',

  'synth.title': 'Synthèses',
  'synth.none': "Aucune synthèse n'a encore été publiée.",
  'synth.number': 'Synthèse n° {n}',
  'synth.publishedOn': 'publiée le {date}',
  'synth.feed': 'Flux Atom des synthèses',
  'synth.all': 'Toutes les synthèses',
  'synth.conclusion': 'Conclusion',
  'synth.sources': 'Sources',
  'synth.viewInDebate': 'Voir dans la discussion',
  'synth.backToText': 'Retour au texte',
  'synth.paraphrase': 'Paraphrase :',
  'synth.withdrawn': 'Citation retirée : le message cité n’est plus publié.',

  'home.createDebate': 'Créer un débat',
  'nav.profile': 'Mon profil :',
  'footer.accessibility': 'Accessibilité : non conforme',
  'footer.privacy': 'Confidentialité',
  'footer.links': 'Informations sur le site',

  'debate.admin': 'Gestion du débat',
  'debate.settingsLink': 'Paramètres du débat',
  'debate.moderationLink': 'File de modération',
  'debate.auditLink': "Journal d'audit",
  'debate.votesLink': 'Sessions de vote',

  'flag.button': 'Signaler',
  'flag.flagged': 'Signalé',
  'flag.done': 'Merci : votre signalement a été transmis aux modérateurs.',

  'votes.title': 'Votes',
  'votes.state.upcoming': 'à venir',
  'votes.state.open': 'en cours',
  'votes.state.closed': 'terminé',

} as const;

export type CoreMessageKey = keyof typeof fr;
/** Every message key; staff, admin and member keys are only available once `./i18n-staff`, `./i18n-admin` or
 *  `./i18n-member` is loaded. */
export type MessageKey =
  | CoreMessageKey
  | StaffMessageKey
  | AdminMessageKey
  | MemberMessageKey
  | VoteMessageKey
  | EditorMessageKey
  | DashboardMessageKey;

const en: Record<CoreMessageKey, string> = {
  appName: 'Palabre',
  skipToContent: 'Skip to main content',
  mainNav: 'Main navigation',
  switchLang: 'Français',
  switchLangTitle: 'Passer en français',
  signIn: 'Sign in',
  signOut: 'Sign out',
  signedInAs: 'Signed in as',
  footerLicence: 'Free software under the AGPL-3.0 licence',
  loading: 'Loading…',
  retry: 'Try again',
  loadMore: 'Load more',
  breadcrumb: 'Breadcrumb',
  home: 'Home',

  'home.title': 'Debates',
  'home.publicTitle': 'Public consultations',
  'home.empty': 'No public consultation yet.',

  'myDebates.title': 'My debates',
  'myDebates.empty': 'The debates you are invited to or take part in will appear here.',
  'myDebates.private': 'Private',
  'debate.privateHint': ': only the people invited can read this debate and take part.',
  'myDebates.roles': 'Your roles: {roles}',
  'myDebates.since': 'since {date}',

  'role.participant': 'Participant',
  'role.harvester': 'Harvester',
  'role.moderator': 'Moderator',
  'role.organiser': 'Organiser',

  'status.open': 'Open',
  'status.closed': 'Closed',

  'debate.phases': 'Timeline',
  'debate.phaseCurrent': 'current',
  'debate.phaseFrom': 'From {start}',
  'debate.phaseRange': 'From {start} to {end}',
  'debate.figures': 'Key figures',
  'debate.dashboardLink': 'Dashboard: participation, opinion groups, keywords',
  'debate.ideas': 'Table of ideas',
  'debate.noIdeas': 'No idea has been proposed yet.',
  'debate.attribution': 'Data source',
  'debate.archiveLink': "The debate's archive (static pages and open data)",
  'debate.importedFrom': 'Data imported from {kind}:',
  'debate.closedNotice': 'This consultation is closed: contributions are no longer possible.',
  'debate.description': 'About',

  'idea.posts': 'Contributions',
  'idea.subIdeas': 'Sub-topics',
  'idea.noPosts': 'No contributions yet.',
  'idea.contribute': 'Contribute',
  'idea.loadedMore': '{count} more contributions loaded.',

  'composer.label': 'Your message',
  'composer.hint': 'Markdown allowed: **bold**, *italic*, lists, links.',
  'composer.statement': 'Short statement others can agree or disagree with',
  'composer.submit': 'Publish',
  'composer.sending': 'Sending…',
  'composer.empty': 'Write a message before publishing.',
  'composer.published': 'Your message has been published.',
  'composer.pending': 'Your message was sent: it will be visible after moderation.',
  'composer.signInToPost': 'Sign in to take part.',
  'composer.replyPublished': 'Your reply has been published.',

  'post.deleted': 'Message deleted',
  'post.pending': 'Awaiting moderation',
  'post.rejected': 'Rejected by moderation',
  'post.hiddenBody': 'The text of this message is hidden.',
  'post.reactWhenPublished': 'Reactions will be possible once the message is published.',
  'post.hide': 'Hide',
  'post.hidden': 'Message hidden: participants no longer see it.',
  'post.publish': 'Publish',
  'post.republish': 'Publish again',
  'post.publishedAgain': 'Message published: participants can see it.',
  'post.edited': 'edited',
  'post.statement': 'Statement',
  'post.reactions': 'Reactions',
  'post.reply': 'Reply',
  'post.cancelReply': 'Cancel',
  'post.viewThread': 'View the discussion',
  'post.signInToReact': 'Sign in to react.',
  'post.signInToReply': 'Sign in to reply.',
  'post.anonymous': 'Anonymous participant',
  'post.deletedParticipant': 'Deleted participant',

  'reaction.like': 'Like',
  'reaction.disagree': 'Disagree',
  'reaction.dont_understand': "Don't understand",
  'reaction.more_info': 'More info please',

  'stance.group': 'Your view on this statement',
  'stance.agree': 'Agree',
  'stance.disagree': 'Disagree',
  'stance.pass': 'Pass',

  'thread.title': 'Discussion',
  'thread.parent': 'View the parent message',
  'thread.idea': 'Topic: {title}',

  'signin.title': 'Sign in',
  'signin.intro': 'Get a sign-in link by email: no password needed.',
  'signin.email': 'Email address',
  'signin.emailHint': 'Expected format: name@example.org',
  'signin.submit': 'Send me a sign-in link',
  'signin.sent':
    'Check your mailbox: a sign-in link has been sent to you. On a local run, the link is printed in the server console.',
  'signin.exchanging': 'Signing you in…',
  'signin.failed': 'This sign-in link is not valid any more. Ask for a new one.',
  'signin.invalidEmail': 'Enter a valid email address, for example name@example.org.',
  'signin.already': 'You are signed in as {name}.',
  'signin.requestNew': 'Ask for a new link',

  'notFound.title': 'Page not found',
  'notFound.text': 'The page you asked for does not exist or is no longer available.',
  'notFound.home': 'Back to the home page',

  'error.title': 'Something went wrong',
  'error.config': 'Could not load the application configuration (config.json).',
  'error.network_error': 'Could not reach the server. Check your connection and try again.',
  'error.unauthorized': 'You need to sign in to do this.',
  'error.session_expired': 'Your session has expired. Please sign in again.',
  'error.forbidden': 'You are not allowed to do this.',
  'error.not_found': 'This item does not exist or is no longer available.',
  'error.rate_limited': 'Too many requests in a short time. Wait a moment and try again.',
  'error.rate_limited_wait': 'Too many actions in a short time: you can try again in {seconds} s.',
  'error.debate_closed': 'This consultation is closed: contributions are no longer possible.',
  'error.consent_required': 'First accept the terms of participation of this debate (“I accept” on this page).',
  'error.payload_too_large': 'This message is too long.',
  'error.generic': 'An unexpected error occurred. Please try again later.',

  'common.cancel': 'Cancel',
  'common.none': 'None',
  'common.choose': '— Choose —',
  'common.saving': 'Saving…',
  'common.empty': '(empty)',

  'debate.syntheses': 'Syntheses',
  'debate.synthesesLink': 'Published syntheses',
  'debate.writeSynthesis': 'Write a synthesis',

  'harvest.selectionButton': 'Harvest into an idea…',
  'harvest.postButton': 'Harvest',
  'harvest.selectionPreview': 'Selected passage: “{quote}”',
  'harvest.saved': 'Extract saved in the idea “{idea}”.',

  'extract.listSummary': 'Extracts harvested from this message',
  'extract.markBefore': 'Start of harvested extract: {nature}.',
  'extract.markBeforeSuggested': 'Start of suggested extract: {nature}.',
  'extract.markAfter': 'End of extract.',
  'extract.nugget': 'Nugget',
  'extract.orphaned': 'Orphaned',
  'extract.orphanedHint': 'The quoted words are no longer in the edited message.',
  'extract.suggested': 'Machine suggestion',
  'extract.rejected': 'Rejected',
  'extract.paraphrase': 'Paraphrase',
  'extract.idea': 'Idea:',
  'extract.by': 'Harvested by {name} on {date}',
  'extract.suggestedOn': 'Suggested automatically on {date}',
  'extract.confirmedOn': 'confirmed by a harvester on {date}',
  'extract.rejectedOn': 'dismissed by a harvester on {date}',
  'extract.viewPassage': 'View the passage',
  'extract.viewPost': 'View the message',
  'extract.confirm': 'Confirm',
  'extract.reject': 'Reject',
  'extract.confirmed': 'Suggestion confirmed: the extract is published.',
  'extract.rejectedDone': 'Suggestion rejected.',
  'extract.tags': 'Tags:',
  'extract.action': 'Action:',
  'extract.notFound': 'The quoted passage is no longer visible in this message: the message may have been edited or the extract removed.',

  'idea.extracts': 'Extracts',
  'idea.noExtracts': 'No extract has been harvested for this idea yet.',
  'idea.suggestions': 'Suggestions to review',
  'idea.suggestionsHint': 'Extracts suggested by the machine: confirm them to publish them, or reject them.',
  'idea.loadMoreExtracts': 'Load more extracts',
  'idea.loadMoreSuggestions': 'Load more suggestions',
  'idea.extractsLoaded': '{count} more extracts loaded.',
  'idea.suggestionsLoaded': '{count} more suggestions loaded.',

  'nature.issue': 'Issue',
  'nature.proposal': 'Proposal',
  'nature.argument': 'Argument',
  'nature.example': 'Example',
  'nature.fact': 'Fact',
  'nature.concept': 'Concept',
  'nature.knowledge': 'Knowledge',
  'nature.cognitive_bias': 'Cognitive bias',
  'nature.cause': 'Cause',
  'nature.experience': 'Lived experience',
  'nature.position_against': 'Position against',
  'nature.position_for': 'Position for',
  'nature.question': 'Question',

  'action.classify': 'Classify',
  'action.make_generic': 'Make more generic',
  'action.argue': 'Argue',
  'action.give_examples': 'Give examples',
  'action.more_specific': 'Be more specific',
  'action.mix_and_match': 'Mix and match with other ideas',
  'action.display_multi_column': 'Display in columns',
  'action.display_thread': 'Display as a thread',
  'action.display_tokens': 'Display as tokens',
  'action.display_open_questions': 'Display as open questions',

  'ideas.edit': 'Edit the table of ideas',

  'follow.follow': 'Follow this debate',
  'follow.unfollow': 'Unfollow',
  'follow.hint': 'Get an email for each published synthesis.',
  'follow.on': 'You follow this debate: you will get an email for each published synthesis.',
  'follow.off': 'You no longer follow this debate.',
  'follow.signIn': 'Sign in to follow this debate.',
  'terms.title': 'Terms of participation',
  'terms.read': 'Read the terms of participation (version {version})',
  'terms.needed': 'To contribute to this debate, accept its terms of participation (version {version}).',
  'terms.accept': 'I accept the terms of participation',
  'terms.accepted': 'Thank you: you can now contribute.',
  'terms.acceptedOn': 'You accepted version {version} on {date}.',

  'synth.title': 'Syntheses',
  'synth.none': 'No synthesis has been published yet.',
  'synth.number': 'Synthesis no. {n}',
  'synth.publishedOn': 'published on {date}',
  'synth.feed': 'Atom feed of the syntheses',
  'synth.all': 'All syntheses',
  'synth.conclusion': 'Conclusion',
  'synth.sources': 'Sources',
  'synth.viewInDebate': 'View in the discussion',
  'synth.backToText': 'Back to the text',
  'synth.paraphrase': 'Paraphrase:',
  'synth.withdrawn': 'Quotation withdrawn: the quoted message is no longer published.',

  'home.createDebate': 'Create a debate',
  'nav.profile': 'My profile:',
  'footer.accessibility': 'Accessibility: non-compliant',
  'footer.privacy': 'Privacy',
  'footer.links': 'About this site',

  'debate.admin': 'Debate management',
  'debate.settingsLink': 'Debate settings',
  'debate.moderationLink': 'Moderation queue',
  'debate.auditLink': 'Audit log',
  'debate.votesLink': 'Vote sessions',

  'flag.button': 'Report',
  'flag.flagged': 'Reported',
  'flag.done': 'Thank you: your report has been sent to the moderators.',

  'votes.title': 'Votes',
  'votes.state.upcoming': 'upcoming',
  'votes.state.open': 'open',
  'votes.state.closed': 'closed',

};

/** Plural forms, selected with Intl.PluralRules. `other` is the fallback. */
export interface PluralForms {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

// French uses `many` for large round numbers (1 000 000 → "1 000 000 de …").
const frPlurals = {
  posts: { one: '{n} contribution', many: '{n} de contributions', other: '{n} contributions' },
  participants: { one: '{n} participant', many: '{n} de participants', other: '{n} participants' },
  stances: {
    one: '{n} position exprimée',
    many: '{n} de positions exprimées',
    other: '{n} positions exprimées',
  },
  replies: { one: '{n} réponse', many: '{n} de réponses', other: '{n} réponses' },
  ideas: { one: '{n} idée', many: "{n} d'idées", other: '{n} idées' },
  extracts: { one: '{n} extrait récolté', many: "{n} d'extraits récoltés", other: '{n} extraits récoltés' },
  extractsShort: { one: '{n} extrait', many: "{n} d'extraits", other: '{n} extraits' },
  sections: { one: '{n} section', many: '{n} de sections', other: '{n} sections' },
} satisfies Record<string, PluralForms>;

export type PluralKey = keyof typeof frPlurals;

const enPlurals: Record<PluralKey, PluralForms> = {
  posts: { one: '{n} contribution', other: '{n} contributions' },
  participants: { one: '{n} participant', other: '{n} participants' },
  stances: { one: '{n} stance', other: '{n} stances' },
  replies: { one: '{n} reply', other: '{n} replies' },
  ideas: { one: '{n} idea', other: '{n} ideas' },
  extracts: { one: '{n} harvested extract', other: '{n} harvested extracts' },
  extractsShort: { one: '{n} extract', other: '{n} extracts' },
  sections: { one: '{n} section', other: '{n} sections' },
};

const messages: Record<Lang, Record<string, string>> = { fr: { ...fr }, en: { ...en } };

/** Adds messages to a language (used by the lazily loaded staff dictionary). */
export function registerMessages(lang: Lang, extra: Record<string, string>): void {
  Object.assign(messages[lang], extra);
}
const plurals: Record<Lang, Record<PluralKey, PluralForms>> = { fr: frPlurals, en: enPlurals };

export type Params = Record<string, string | number>;

function interpolate(template: string, params?: Params): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    Object.prototype.hasOwnProperty.call(params, name) ? String(params[name]) : whole,
  );
}

export interface I18n {
  lang: Lang;
  t(key: MessageKey, params?: Params): string;
  /** Plural message; `{n}` is replaced by the localised number. */
  tn(key: PluralKey, count: number, params?: Params): string;
  number(n: number): string;
  /** Date (and optionally time) in the given IANA time zone. */
  date(iso: string, timeZone?: string, withTime?: boolean): string;
}

export function isLang(value: unknown): value is Lang {
  return typeof value === 'string' && (LANGS as readonly string[]).includes(value);
}

export function createI18n(lang: Lang): I18n {
  const pluralRules = new Intl.PluralRules(lang);
  const numberFormat = new Intl.NumberFormat(lang);
  const dateFormats = new Map<string, Intl.DateTimeFormat>();

  function dateFormat(timeZone: string | undefined, withTime: boolean): Intl.DateTimeFormat {
    const cacheKey = `${timeZone ?? ''}|${withTime}`;
    let fmt = dateFormats.get(cacheKey);
    if (!fmt) {
      const options: Intl.DateTimeFormatOptions = withTime
        ? { dateStyle: 'long', timeStyle: 'short' }
        : { dateStyle: 'long' };
      try {
        fmt = new Intl.DateTimeFormat(lang, { ...options, timeZone });
      } catch {
        // Unknown time zone name: fall back to the browser's zone.
        fmt = new Intl.DateTimeFormat(lang, options);
      }
      dateFormats.set(cacheKey, fmt);
    }
    return fmt;
  }

  return {
    lang,
    t(key, params) {
      const template = messages[lang][key] ?? messages[DEFAULT_LANG][key] ?? key;
      return interpolate(template, params);
    },
    tn(key, count, params) {
      const forms = plurals[lang][key] ?? plurals[DEFAULT_LANG][key];
      const category = pluralRules.select(count) as keyof PluralForms;
      const template = forms[category] ?? forms.other;
      return interpolate(template, { ...params, n: numberFormat.format(count) });
    },
    number(n) {
      return numberFormat.format(n);
    },
    date(iso, timeZone, withTime = false) {
      const d = new Date(iso);
      if (Number.isNaN(d.getTime())) return iso;
      const fmt = dateFormat(timeZone, withTime);
      if (lang !== 'fr') return fmt.format(d);
      // French writes the first of the month as an ordinal: « 1er décembre »
      return fmt
        .formatToParts(d)
        .map((p) => (p.type === 'day' && p.value === '1' ? '1er' : p.value))
        .join('');
    },
  };
}

/** Text from a language map: the UI language, else the default language, else any. */
export function pickText(
  map: Record<string, string> | null | undefined,
  lang: Lang,
  defaultLanguage?: string,
): { text: string; lang: string } {
  if (!map) return { text: '', lang };
  if (map[lang]) return { text: map[lang], lang };
  if (defaultLanguage && map[defaultLanguage]) return { text: map[defaultLanguage], lang: defaultLanguage };
  for (const [k, v] of Object.entries(map)) {
    if (v) return { text: v, lang: k };
  }
  return { text: '', lang };
}

const LANG_STORAGE_KEY = 'palabre.lang';

export function loadLang(): Lang {
  try {
    const stored = localStorage.getItem(LANG_STORAGE_KEY);
    if (isLang(stored)) return stored;
  } catch {
    // storage unavailable (private mode): keep the default
  }
  return DEFAULT_LANG;
}

export function saveLang(lang: Lang): void {
  try {
    localStorage.setItem(LANG_STORAGE_KEY, lang);
  } catch {
    // ignore
  }
}

/** The name of a language in the UI language ("anglais", "English"), via Intl.DisplayNames when available. */
export function languageName(code: string, uiLang: Lang): string {
  try {
    const names = new Intl.DisplayNames([uiLang], { type: 'language' });
    return names.of(code) ?? code;
  } catch {
    return code;
  }
}
