// Static pages, loaded on demand: the accessibility statement (#/accessibilite) and the privacy page
// (#/confidentialite). Each text is written in French and in English; the operator of the instance and its
// contact come from config.json (operatorName, contactEmail, contactUrl).
import type { ComponentChildren } from 'preact';
import { Breadcrumb } from '../components/Breadcrumb';
import { PageHeading } from '../components/PageHeading';
import { useApp } from '../context';
import type { AppConfig } from '../config';
import type { Lang } from '../i18n';
import { href } from '../router';

/**
 * RGAA compliance status. Without a valid audit, the RGAA requires "non conforme": the status can only become
 * "partiellement conforme" (≥ 50 % of the criteria met) or "totalement conforme" once an audit has measured it.
 * The footer shows the same words (i18n key footer.accessibility).
 */
export const COMPLIANCE: Record<Lang, string> = { fr: 'non conforme', en: 'non-compliant' };
/** Date the statement was written (update it when the statement changes). */
export const STATEMENT_DATE = '2026-12-03';

const DDD_FORM = 'https://formulaire.defenseurdesdroits.fr/';
const DDD_SITE = 'https://www.defenseurdesdroits.fr/';
const CNIL = 'https://www.cnil.fr/';

function Operator({ config, lang, start = false }: { config: AppConfig; lang: Lang; start?: boolean }) {
  if (config.operatorName) return <>{config.operatorName}</>;
  const text = lang === 'fr' ? "l'opérateur de cette instance de Palabre" : 'the operator of this Palabre instance';
  return <>{start ? text[0].toUpperCase() + text.slice(1) : text}</>;
}

/** The ways to reach the operator, or an honest sentence when the instance has not set them. */
function Contact({ config, lang }: { config: AppConfig; lang: Lang }) {
  const items: ComponentChildren[] = [];
  if (config.contactEmail) {
    items.push(
      <li key="mail">
        {lang === 'fr' ? 'par e-mail : ' : 'by email: '}
        <a href={`mailto:${config.contactEmail}`}>{config.contactEmail}</a>
      </li>,
    );
  }
  if (config.contactUrl) {
    items.push(
      <li key="url">
        <a href={config.contactUrl}>{lang === 'fr' ? 'par le formulaire de contact' : 'through the contact form'}</a>
      </li>,
    );
  }
  if (items.length === 0) {
    return (
      <p class="notice">
        {lang === 'fr'
          ? "L'opérateur de cette instance n'a pas encore indiqué ses coordonnées sur cette page. Adressez-vous à l'organisation qui vous a invité à la consultation."
          : 'The operator of this instance has not given their contact details on this page yet. Please contact the organisation that invited you to the consultation.'}
      </p>
    );
  }
  return <ul>{items}</ul>;
}

function useInfo() {
  const { i18n, config } = useApp();
  const lang = i18n.lang;
  const date = i18n.date(`${STATEMENT_DATE}T12:00:00Z`, 'UTC');
  return { lang, config, date };
}

// ------------------------------------------------------------------------------------------------------------

export function AccessibilityPage() {
  const { lang, config, date } = useInfo();
  const title = lang === 'fr' ? "Déclaration d'accessibilité" : 'Accessibility statement';
  const origin = typeof location !== 'undefined' ? location.origin : '';
  const op = <Operator config={config} lang={lang} />;
  const opStart = <Operator config={config} lang={lang} start />;
  return (
    <>
      <Breadcrumb items={[{ label: title }]} />
      <PageHeading title={title} />
      <div class="prose">
        {lang === 'fr' ? (
          <>
            <p>
              {opStart} s'engage à rendre ce service de consultation en ligne accessible, conformément à l'article 47 de la loi
              n° 2005-102 du 11 février 2005. Cette déclaration d'accessibilité s'applique à l'application web Palabre
              publiée à l'adresse {origin || 'de ce site'}.
            </p>

            <h2>État de conformité</h2>
            <p>
              Ce site est <strong>{COMPLIANCE.fr}</strong> avec le référentiel général d'amélioration de l'accessibilité
              (RGAA), version 4.1.2.
            </p>
            <p>
              Cette mention ne signifie pas que le site est inaccessible : elle découle du fait qu'
              <strong>aucun audit de conformité n'a encore été réalisé</strong>. Le RGAA impose la mention « non conforme »
              tant qu'aucun audit n'a mesuré le taux de critères respectés. L'application est conçue pour respecter le RGAA
              et le niveau AA des WCAG 2.1, et une partie des critères est vérifiée à chaque modification (voir ci-dessous) :
              nous la considérons comme partiellement conforme, sans pouvoir encore le démontrer par un audit.
            </p>

            <h2>Résultats des tests</h2>
            <p>Aucun audit RGAA n'a été réalisé. Les vérifications faites à ce jour sont les suivantes :</p>
            <ul>
              <li>
                tests automatiques avec l'outil axe-core (règles des WCAG 2.1 niveaux A et AA) sur les pages principales, dans
                le navigateur Chromium, à chaque évolution de l'interface : aucune erreur détectée sur les pages testées ;
              </li>
              <li>vérification de l'utilisation complète au clavier des parcours principaux ;</li>
              <li>vérification de l'affichage sur un écran de 360 pixels de large et avec un zoom du texte.</li>
            </ul>
            <p>
              Les tests automatiques ne détectent qu'une partie des défauts d'accessibilité : ils ne remplacent ni un audit
              complet, ni des tests avec des lecteurs d'écran, qui restent à faire.
            </p>

            <h2>Contenus non accessibles ou limites connues</h2>
            <ul>
              <li>
                Les contributions des participants et les données importées d'autres plateformes peuvent contenir des textes
                sans structure, des liens peu explicites ou des passages dans une langue qui n'est pas signalée.
              </li>
              <li>
                Certains messages d'erreur envoyés par le serveur lors de la validation des formulaires sont rédigés en
                anglais.
              </li>
              <li>
                La récolte d'extraits s'appuie sur la sélection de texte ; il est aussi possible de coller ou de saisir le
                passage dans un champ de texte.
              </li>
              <li>
                L'application n'a pas encore été testée avec les lecteurs d'écran NVDA, JAWS, VoiceOver et TalkBack.
              </li>
            </ul>

            <h2>Établissement de cette déclaration</h2>
            <p>Cette déclaration a été établie le {date}.</p>
            <p>Technologies utilisées : HTML5, CSS, JavaScript (Preact), WAI-ARIA.</p>
            <p>
              Environnement des tests : navigateur Chromium avec axe-core 4, sur ordinateur ; tests complémentaires au clavier.
            </p>

            <h2>Retour d'information et contact</h2>
            <p>
              Si vous n'arrivez pas à accéder à un contenu ou à un service, vous pouvez contacter {op} pour être orienté vers
              une alternative accessible ou obtenir le contenu sous une autre forme :
            </p>
            <Contact config={config} lang="fr" />
            <p>
              Les défauts du logiciel lui-même peuvent aussi être signalés à ses développeurs, depuis la page où son{' '}
              <a href={config.sourceUrl}>code source</a> est publié.
            </p>

            <h2>Voies de recours</h2>
            <p>
              Si vous avez signalé au responsable du site un défaut d'accessibilité qui vous empêche d'accéder à un contenu ou
              à un service, et que vous n'avez pas obtenu de réponse satisfaisante, vous pouvez saisir le Défenseur des
              droits :
            </p>
            <ul>
              <li>
                en écrivant un message au Défenseur des droits au moyen de son{' '}
                <a href={DDD_FORM}>formulaire en ligne</a> ;
              </li>
              <li>
                en contactant le délégué du Défenseur des droits dans votre région (liste et coordonnées sur{' '}
                <a href={DDD_SITE}>le site du Défenseur des droits</a>) ;
              </li>
              <li>
                en envoyant un courrier par la poste, gratuitement et sans affranchissement, à : Défenseur des droits, Libre
                réponse 71120, 75342 Paris CEDEX 07.
              </li>
            </ul>
          </>
        ) : (
          <>
            <p>
              {opStart} is committed to making this online consultation service accessible, in accordance with article 47 of
              French law no. 2005-102 of 11 February 2005. This accessibility statement applies to the Palabre web
              application published at {origin || 'this site'}.
            </p>

            <h2>Compliance status</h2>
            <p>
              This site is <strong>{COMPLIANCE.en}</strong> with the French accessibility framework RGAA (référentiel général
              d'amélioration de l'accessibilité), version 4.1.2.
            </p>
            <p>
              This does not mean that the site is inaccessible: it follows from the fact that{' '}
              <strong>no compliance audit has been carried out yet</strong>. The RGAA requires the “non-compliant” status as
              long as no audit has measured how many criteria are met. The application is designed to meet the RGAA and WCAG
              2.1 level AA, and part of the criteria is checked at every change (see below): we consider it partially
              compliant, but cannot demonstrate it with an audit yet.
            </p>

            <h2>Test results</h2>
            <p>No RGAA audit has been carried out. The checks made so far are:</p>
            <ul>
              <li>
                automated tests with the axe-core tool (WCAG 2.1 level A and AA rules) on the main pages, in the Chromium
                browser, whenever the interface changes: no error was detected on the pages tested;
              </li>
              <li>checks that the main tasks can be completed with the keyboard only;</li>
              <li>checks of the display on a 360-pixel-wide screen and with enlarged text.</li>
            </ul>
            <p>
              Automated tests only find part of the accessibility problems: they replace neither a full audit nor tests with
              screen readers, which are still to be done.
            </p>

            <h2>Non-accessible content and known limitations</h2>
            <ul>
              <li>
                Contributions written by participants and data imported from other platforms may contain unstructured text,
                unclear links or passages in a language that is not marked up.
              </li>
              <li>Some error messages sent by the server when a form is checked are written in English.</li>
              <li>
                Harvesting extracts relies on selecting text; the passage can also be pasted or typed into a text field.
              </li>
              <li>The application has not been tested with the NVDA, JAWS, VoiceOver and TalkBack screen readers yet.</li>
            </ul>

            <h2>Preparation of this statement</h2>
            <p>This statement was written on {date}.</p>
            <p>Technologies used: HTML5, CSS, JavaScript (Preact), WAI-ARIA.</p>
            <p>Test environment: the Chromium browser with axe-core 4, on a computer; additional keyboard tests.</p>

            <h2>Feedback and contact</h2>
            <p>
              If you cannot access some content or a service, you can contact {op} to be directed to an accessible
              alternative or to get the content in another form:
            </p>
            <Contact config={config} lang="en" />
            <p>
              Problems in the software itself can also be reported to its developers, from the page where its{' '}
              <a href={config.sourceUrl}>source code</a> is published.
            </p>

            <h2>Appeals</h2>
            <p>
              If you have reported to the site's operator an accessibility problem that prevents you from accessing some
              content or a service, and have not received a satisfactory answer, you can refer the matter to the French
              Défenseur des droits (Defender of Rights):
            </p>
            <ul>
              <li>
                by writing to the Défenseur des droits through its <a href={DDD_FORM} lang="fr">online form</a>;
              </li>
              <li>
                by contacting the Défenseur des droits' delegate in your region (list and addresses on{' '}
                <a href={DDD_SITE}>the Défenseur des droits website</a>);
              </li>
              <li>
                by post, free of charge and without a stamp, to:{' '}
                <span lang="fr">Défenseur des droits, Libre réponse 71120, 75342 Paris CEDEX 07</span>, France.
              </li>
            </ul>
          </>
        )}
      </div>
    </>
  );
}

// ------------------------------------------------------------------------------------------------------------

export function PrivacyPage() {
  const { lang, config, date } = useInfo();
  const title = lang === 'fr' ? 'Confidentialité et données personnelles' : 'Privacy and personal data';
  const op = <Operator config={config} lang={lang} />;
  return (
    <>
      <Breadcrumb items={[{ label: title }]} />
      <PageHeading title={title} />
      <div class="prose">
        {lang === 'fr' ? (
          <>
            <p>
              Cette page explique quelles données Palabre enregistre quand vous participez à une consultation, pourquoi, combien
              de temps, et comment exercer vos droits. Le responsable du traitement est {op}, qui exploite cette instance de
              Palabre. Palabre est un logiciel libre : son <a href={config.sourceUrl}>code source</a> est public.
            </p>

            <h2>Les données enregistrées</h2>
            <ul>
              <li>
                <strong>Votre adresse e-mail</strong>, pour vous envoyer des liens de connexion (il n'y a pas de mot de
                passe). Elle n'est jamais affichée publiquement ; les organisateurs d'un débat la voient si vous y avez un rôle
                d'équipe (récolte, modération, organisation), et dans l'export des bulletins de vote si vous y avez voté.
              </li>
              <li>
                <strong>Votre nom affiché</strong>, visible à côté de vos contributions. Vous pouvez le changer à tout moment
                dans <a href={href.profile()}>Mon profil</a>.
              </li>
              <li>
                <strong>Vos contributions</strong> : messages, réponses et leurs modifications, avec leur date. Dans un débat
                public, elles sont visibles de tous. Des passages peuvent en être extraits et cités dans les synthèses du débat.
              </li>
              <li>
                <strong>Vos réactions, vos positions sur les affirmations et vos votes</strong>. Les autres participants ne
                voient que des totaux ; les organisateurs d'un débat peuvent exporter les bulletins de vote par votant (avec le nom
                affiché et l'adresse e-mail).
              </li>
              <li>
                <strong>Vos abonnements</strong> : les débats que vous suivez, pour vous prévenir par e-mail de chaque synthèse
                publiée. Chaque e-mail contient un lien de désabonnement.
              </li>
              <li>
                <strong>Vos signalements</strong> de messages : les modérateurs voient le nombre de signalements et leurs
                motifs, pas leurs auteurs.
              </li>
              <li>
                <strong>Les actions des équipes</strong> (décisions de modération, changements de rôles et de paramètres), dans
                un journal d'audit consultable par les organisateurs du débat.
              </li>
              <li>
                <strong>Votre accord aux conditions de participation</strong> d'un débat, quand ses organisateurs en ont fixé :
                la version acceptée et sa date. Il est demandé avant votre première contribution, et de nouveau si les
                conditions changent.
              </li>
            </ul>
            <p>
              Les statistiques de participation du tableau de bord sont calculées sur un pseudonyme propre à chaque débat, pas
              sur votre identifiant.
            </p>
            <p>
              Dans votre navigateur, Palabre garde votre session de connexion (le temps de l'onglet) et votre choix de langue.
              Il n'utilise ni cookie publicitaire, ni outil de mesure d'audience. Comme tout service en ligne, les serveurs
              peuvent tenir des journaux techniques (adresse IP, date et heure des requêtes) pour la sécurité du service.
            </p>

            <h2>Pourquoi</h2>
            <ul>
              <li>faire fonctionner la consultation : vous identifier, publier et afficher vos contributions, compter les réactions, positions et votes ;</li>
              <li>modérer les échanges et garder la trace des décisions prises ;</li>
              <li>rédiger et publier les synthèses, qui citent les contributions ;</li>
              <li>vous envoyer les e-mails que vous avez demandés (liens de connexion, nouvelles synthèses).</li>
            </ul>

            <h2>Données publiques importées</h2>
            <p>
              Certaines consultations reprennent des jeux de données publics issus d'autres plateformes (par exemple Polis).
              Ces données sont pseudonymisées : les auteurs y apparaissent sous un numéro (« Participant 12 »), sans adresse
              e-mail ni nom.
            </p>

            <h2>Durée de conservation</h2>
            <p>
              Vos données sont conservées tant que la consultation est en ligne et que votre compte existe. À la clôture d'un
              débat, ses organisateurs peuvent en publier une archive en lecture seule, où les auteurs sont pseudonymisés
              (« Participant 1 », « Participant 2 »…) ; l'opérateur peut ensuite supprimer les données d'origine du débat. Les
              liens de connexion ne servent qu'une fois et expirent rapidement.
            </p>

            <h2>Vos droits</h2>
            <p>
              Vous disposez d'un droit d'accès à vos données, de rectification, d'effacement, de limitation et d'opposition,
              ainsi que du droit à la portabilité (recevoir vos données dans un format réutilisable). Dans{' '}
              <a href={href.profile()}>Mon profil</a>, vous pouvez vous-même :
            </p>
            <ul>
              <li>
                <strong>télécharger vos données</strong> : un fichier JSON avec votre profil, vos rôles et accords, vos
                messages et réponses, réactions, positions, votes, extraits récoltés, abonnements et notifications reçues, dans
                tous les débats ;
              </li>
              <li>
                <strong>supprimer votre compte</strong>, après avoir saisi votre adresse e-mail pour confirmer. Votre adresse
                e-mail, votre nom affiché, vos rôles, abonnements, accords et liens de connexion sont effacés, et vous êtes
                déconnecté. Vos contributions suivent la règle de chaque débat, choisie par ses organisateurs : soit elles
                restent, signées « Participant supprimé », sans aucun lien avec vous ; soit vos messages, réactions et
                positions sont retirés. Vos votes restent comptés dans les résultats, sans lien avec vous. Les passages déjà
                cités dans une synthèse publiée restent cités, sans votre nom. Les e-mails déjà envoyés ne peuvent pas être
                repris.
              </li>
            </ul>
            <p>Pour toute autre demande, adressez-vous à {op} :</p>
            <Contact config={config} lang="fr" />
            <p>
              Si vous estimez que vos droits ne sont pas respectés, vous pouvez adresser une réclamation à la CNIL (
              <a href={CNIL}>cnil.fr</a>) ou à l'autorité de protection des données de votre pays.
            </p>
            <p class="meta">Page mise à jour le {date}.</p>
          </>
        ) : (
          <>
            <p>
              This page explains what data Palabre stores when you take part in a consultation, why, for how long, and how to
              exercise your rights. The data controller is {op}, who runs this Palabre instance. Palabre is free software: its{' '}
              <a href={config.sourceUrl}>source code</a> is public.
            </p>

            <h2>The data stored</h2>
            <ul>
              <li>
                <strong>Your email address</strong>, to send you sign-in links (there is no password). It is never shown
                publicly; a debate's organisers see it if you have a staff role in the debate (harvesting, moderation,
                organisation), and in the export of the ballots if you voted in it.
              </li>
              <li>
                <strong>Your display name</strong>, shown next to your contributions. You can change it at any time in{' '}
                <a href={href.profile()}>My profile</a>.
              </li>
              <li>
                <strong>Your contributions</strong>: messages, replies and their edits, with their date. In a public debate,
                everyone can read them. Passages may be extracted from them and quoted in the debate's syntheses.
              </li>
              <li>
                <strong>Your reactions, your stances on statements and your votes</strong>. Other participants only see totals;
                a debate's organisers can export the ballots per voter (with the display name and email address).
              </li>
              <li>
                <strong>Your subscriptions</strong>: the debates you follow, to tell you by email about each published
                synthesis. Every email has an unsubscribe link.
              </li>
              <li>
                <strong>Your reports</strong> of messages: moderators see how many reports a message got and their reasons, not
                who sent them.
              </li>
              <li>
                <strong>What staff members do</strong> (moderation decisions, changes of roles and settings), in an audit log
                that the debate's organisers can read.
              </li>
              <li>
                <strong>Your consent to a debate's terms of participation</strong>, when its organisers set some: the version
                you accepted and its date. It is asked before your first contribution, and again when the terms change.
              </li>
            </ul>
            <p>
              The dashboard's participation statistics are computed on a pseudonym of its own in each debate, not on your
              account's id.
            </p>
            <p>
              In your browser, Palabre keeps your sign-in session (for as long as the tab is open) and your choice of language.
              It uses no advertising cookies and no audience measurement. Like any online service, the servers may keep
              technical logs (IP address, date and time of requests) for the security of the service.
            </p>

            <h2>Why</h2>
            <ul>
              <li>to run the consultation: identify you, publish and show your contributions, count reactions, stances and votes;</li>
              <li>to moderate the discussion and keep a record of the decisions taken;</li>
              <li>to write and publish the syntheses, which quote contributions;</li>
              <li>to send you the emails you asked for (sign-in links, new syntheses).</li>
            </ul>

            <h2>Imported public data</h2>
            <p>
              Some consultations reuse public datasets from other platforms (for example Polis). These data are pseudonymised:
              authors appear under a number (“Participant 12”), with no email address or name.
            </p>

            <h2>How long data are kept</h2>
            <p>
              Your data are kept as long as the consultation is online and your account exists. When a debate closes, its
              organisers may publish a read-only archive of it in which authors are pseudonymised (“Participant 1”,
              “Participant 2”…); the operator may then delete the debate's original data. Sign-in links work only once and
              expire quickly.
            </p>

            <h2>Your rights</h2>
            <p>
              You have the right to access your data, to have them corrected or erased, to restrict or object to their
              processing, and to data portability (receiving your data in a reusable format). In{' '}
              <a href={href.profile()}>My profile</a>, you can yourself:
            </p>
            <ul>
              <li>
                <strong>download your data</strong>: a JSON file with your profile, your roles and consents, your posts and
                replies, reactions, stances, votes, harvested extracts, subscriptions and notifications received, in every
                debate;
              </li>
              <li>
                <strong>delete your account</strong>, after typing your email address to confirm. Your email address, display
                name, roles, subscriptions, consents and sign-in links are erased, and you are signed out. Your contributions
                follow each debate's rule, chosen by its organisers: either they stay, signed “Deleted participant”, with no
                link to you; or your posts, reactions and stances are removed. Your votes still count in the results, with no
                link to you. Passages already quoted in a published synthesis stay quoted, without your name. Emails already
                sent cannot be taken back.
              </li>
            </ul>
            <p>For any other request, write to {op}:</p>
            <Contact config={config} lang="en" />
            <p>
              If you think your rights are not respected, you can lodge a complaint with the French data protection authority,
              the CNIL (<a href={CNIL}>cnil.fr</a>), or with the data protection authority of your country.
            </p>
            <p class="meta">Page updated on {date}.</p>
          </>
        )}
      </div>
    </>
  );
}
